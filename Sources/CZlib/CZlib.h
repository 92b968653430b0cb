#ifndef GDCONV_CZLIB_H
#define GDCONV_CZLIB_H
#include <zlib.h>
// inflateInit2 is a macro; a raw deflate stream (zip entries) has window bits -15.
static inline int gdconv_inflate_init_raw(z_stream *s) { return inflateInit2(s, -15); }
#endif
