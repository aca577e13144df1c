/* report_html.h - the HTML page's JSON string escape (the page itself is
 * gs_render_html, render.h): safe inside a <script> element. Pure. */
#ifndef GS_REPORT_HTML_H
#define GS_REPORT_HTML_H

#include "util/sb.h"

/* Appends s as a JSON string literal that is also safe inside an HTML
 * <script> element: invalid UTF-8 becomes U+FFFD; quotes, backslashes, control
 * characters, '<', '>', '&', U+2028 and U+2029 are \u-escaped. */
void gs_report_html_json_str(gs_sb *o, const char *s);

#endif
