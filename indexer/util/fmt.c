/* indexer/util/fmt.c -- printf's "%.6g" without printf (buf.h), for the
 * hundreds of thousands of weights the browser's store prints. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

/*
 * printf's "%.6g" of 'v' into 'out' (at least 32 bytes), NUL-terminated;
 * returns the length.  Hundreds of thousands of weights are printed, and
 * printf costs ~1,000 instructions each.  Six significant digits are
 * rounded from v scaled by an exact power of ten (one rounding error,
 * < 1e-10 here); when the digit after the sixth is too close to a tie to
 * tell, and for anything but finite positive numbers, it is snprintf's.
 */
size_t
fo_fmt_g6(char *out, double v)
{
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
	    1e19, 1e20, 1e21, 1e22 };
	char dig[8];
	double sc, r, frac;
	unsigned long n;
	int x, k, i, nd;
	size_t len = 0;

	if (v == 0 && !signbit(v)) {
		out[0] = '0';
		out[1] = '\0';
		return 1;
	}
	if (!(v >= 1e-17 && v < 1e17))
		goto slow;
	x = (int)floor(log10(v));
	for (i = 0; i < 2; i++) {	/* log10 may be one off either way */
		k = 5 - x;
		sc = k >= 0 ? v * p10[k] : v / p10[-k];
		if (fabs(sc - 99999.5) < 1e-6 || fabs(sc - 999999.5) < 1e-5)
			goto slow;	/* rounding may go either way */
		if (sc < 99999.5)
			x--;
		else if (sc >= 999999.5)
			x++;
		else
			break;
	}
	if (i == 2)
		goto slow;
	r = floor(sc);
	frac = sc - r;
	if (fabs(frac - 0.5) < 1e-6)
		goto slow;
	n = (unsigned long)r + (frac > 0.5);
	if (n >= 1000000) {
		n /= 10;
		x++;
	}
	for (i = 5; i >= 0; i--) {
		dig[i] = (char)('0' + n % 10);
		n /= 10;
	}
	for (nd = 6; nd > 1 && dig[nd - 1] == '0'; nd--)
		;	/* %g drops trailing zeros */
	if (x < -4 || x >= 6) {
		out[len++] = dig[0];
		if (nd > 1) {
			out[len++] = '.';
			for (i = 1; i < nd; i++)
				out[len++] = dig[i];
		}
		len += (size_t)snprintf(out + len, 8, "e%c%02d",
		    x < 0 ? '-' : '+', x < 0 ? -x : x);
		return len;
	}
	if (x < 0) {
		out[len++] = '0';
		out[len++] = '.';
		for (i = 0; i < -x - 1; i++)
			out[len++] = '0';
		for (i = 0; i < nd; i++)
			out[len++] = dig[i];
	} else {
		for (i = 0; i <= x; i++)
			out[len++] = dig[i];
		if (nd > x + 1) {
			out[len++] = '.';
			for (i = x + 1; i < nd; i++)
				out[len++] = dig[i];
		}
	}
	out[len] = '\0';
	return len;
slow:
	return (size_t)snprintf(out, 32, "%.6g", v);
}
