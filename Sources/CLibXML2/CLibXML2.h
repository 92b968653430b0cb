#ifndef GDCONV_CLIBXML2_H
#define GDCONV_CLIBXML2_H
// xmlversion.h first, then switch ICU off: Debian's headers otherwise pull in an ICU whose
// UErrorCode clashes with Foundation's own ICU in the same build.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>

// xmlFree is a C global variable; Swift 6 refuses to call it directly.
static inline void gdconv_xml_free(void *p) { xmlFree(p); }

// The options gdconv parses untrusted XML with: never the network, never DTD loading or entity
// substitution (XXE, billion laughs), no huge-document relaxations.
static inline int gdconv_xml_safe_options(void) { return XML_PARSE_NONET | XML_PARSE_NOCDATA; }
#endif
