/* html_assets.h - the HTML report's files, compiled in by cmake/embed.cmake
 * from src/report/html (each NUL-terminated). */
#ifndef GS_HTML_ASSETS_H
#define GS_HTML_ASSETS_H

extern const char gs_asset_page_html[];
extern const char gs_asset_style_css[];
extern const char gs_asset_app_js[];
extern const char gs_asset_d3_hierarchy_min_js[];
extern const char gs_asset_d3_hierarchy_LICENSE[];

#endif
