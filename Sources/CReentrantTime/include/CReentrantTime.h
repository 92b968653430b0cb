#ifndef GDCONV_CREENTRANTTIME_H
#define GDCONV_CREENTRANTTIME_H
/* A thread-safe gmtime for libxlsxwriter: see gmtime.c. */
int gdconv_reentrant_time_linked(void);
#endif
