// search.js: to come
