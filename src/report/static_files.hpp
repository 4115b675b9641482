#pragma once
/// @file static_files.hpp
/// The report's stylesheet and index script, embedded in the binary and
/// written next to the pages (no CDN, no fonts from the network).

namespace reelscale::report {

/// report.css: pages, tables, timeline and loudness plot styles.
extern const char* const kReportCss;
/// report.js: the index page's table (filter, sort, pagination over
/// window.REELSCALE_ASSETS from assets.js; file:// forbids fetch of JSON).
extern const char* const kIndexJs;

}  // namespace reelscale::report
