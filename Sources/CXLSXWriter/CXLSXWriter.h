#ifndef GDCONV_CXLSXWRITER_H
#define GDCONV_CXLSXWRITER_H
#include <xlsxwriter.h>
#endif
