/* The compression level of our xlsx files. libxlsxwriter 1.1.4 zips every part at zlib's default
 * level (6), which dominates a 250,000-row export; level 1 (Z_BEST_SPEED) makes a valid zip several
 * times faster for files only somewhat larger. The library's sources stay pristine: CMakeLists.txt
 * compiles them with deflateInit2_ renamed to vastuu_xlsx_deflateInit2_ (this file, linked into the
 * xlsxwriter target), which picks the level and calls zlib's real deflateInit2_.
 * Maintenance reminder: the rename and this file go together (CMakeLists.txt, target xlsxwriter). */
#undef deflateInit2_
#include <zlib.h>

int vastuu_xlsx_deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel, int strategy,
                              const char* version, int stream_size) {
    if (level == Z_DEFAULT_COMPRESSION) level = Z_BEST_SPEED;
    return deflateInit2_(strm, level, method, windowBits, memLevel, strategy, version, stream_size);
}
