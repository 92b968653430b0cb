/*
 * libxlsxwriter formats docProps/core.xml's dates with gmtime(), whose result lives in one
 * static buffer per process: two workbooks closed at once in bulk workers read each other's
 * dates. Instead of closing workbooks one at a time (a process-wide lock that capped bulk
 * XLSX at 3.3x on 16 cores), the program defines gmtime itself with a buffer per thread.
 *
 * An executable's definition comes first in ELF symbol lookup, so the shared library's calls
 * resolve here; the linker exports the symbol because libxlsxwriter.so, on the link line,
 * references it. Callers see the same contract as C's gmtime (a pointer valid until the next
 * call on the same thread), so no other caller can tell the difference.
 */
#include <time.h>
#include "CReentrantTime.h"

struct tm *gmtime(const time_t *timer) {
    static __thread struct tm buffer;
    return gmtime_r(timer, &buffer);
}

/* Referenced from Swift so the linker keeps this object file in every binary. */
int gdconv_reentrant_time_linked(void) { return 1; }
