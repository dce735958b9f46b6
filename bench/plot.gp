# bench/plot.gp -- full build time vs N: fiveout vs Hugo + Pagefind.
# gnuplot -e 'dat="FILE"; out="PNG"' plot.gp
# FILE: "N fiveout_s hugo_pagefind_s fiveout_index_s" lines (NaN: not measured).
set terminal pngcairo size 900,560 font "Noto Sans CJK SC,11"
set output out
set title "Full build (index + site + browser index), median of runs, tmpfs"
set xlabel "generated annotations (N)"
set ylabel "seconds"
set logscale xy
set grid
set key top left
set format x "%.0s%c"
plot dat using 1:2 with linespoints lw 2 pt 7 title "fiveout (index + site)", \
     dat using 1:3 with linespoints lw 2 pt 5 title "Hugo + Pagefind (extended, zh)", \
     dat using 1:4 with linespoints lw 1 dt 2 pt 6 title "fiveout-index alone"
