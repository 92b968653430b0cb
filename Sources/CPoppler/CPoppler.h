#ifndef GDCONV_CPOPPLER_H
#define GDCONV_CPOPPLER_H
// poppler's GLib API (Debian libpoppler-glib-dev): PDF pages, their text and each character's box.
#include <poppler.h>

// Small wrappers Swift cannot express directly (GError handling, macro-defined types).
static inline PopplerDocument *gdconv_pdf_open(const void *data, unsigned long length, int *error_code, char **message) {
    GBytes *bytes = g_bytes_new(data, length);
    GError *error = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
    g_bytes_unref(bytes);
    if (!doc) {
        *error_code = error ? error->code : -1;
        *message = error ? g_strdup(error->message) : g_strdup("cannot open the PDF");
        if (error) g_error_free(error);
    }
    return doc;
}
static inline int gdconv_pdf_error_encrypted(void) { return POPPLER_ERROR_ENCRYPTED; }
static inline void gdconv_g_free(void *p) { g_free(p); }
static inline void gdconv_g_object_unref(void *p) { g_object_unref(p); }
#endif
