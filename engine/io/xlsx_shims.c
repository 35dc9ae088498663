/* Link-time shims for libxlsxwriter 1.1.4, whose sources stay pristine: CMakeLists.txt compiles them
 * with a few names renamed to the functions below (target xlsxwriter), which change how fast the
 * library works without changing a byte of what it writes.
 * Maintenance reminder: the renames and this file go together. */
#define _GNU_SOURCE /* fopencookie */
#undef deflateInit2_
#undef tmpfile
#undef fprintf
#undef lxw_rowcol_to_cell
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

/* The compression level of our xlsx files. libxlsxwriter zips every part at zlib's default level
 * (6), which dominates a 250,000-row export; level 1 (Z_BEST_SPEED) makes a valid zip several times
 * faster for files only somewhat larger. */
int vastuu_xlsx_deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel, int strategy,
                              const char* version, int stream_size) {
    if (level == Z_DEFAULT_COMPRESSION) level = Z_BEST_SPEED;
    return deflateInit2_(strm, level, method, windowBits, memLevel, strategy, version, stream_size);
}

/* The library writes each part's XML to a temporary file with many small fprintf calls, then reads
 * it back to zip it. In the browser a temporary file lives in Emscripten's MEMFS, which grows a file
 * by an eighth at a time, copying it whole each time, and every flush is a call out to JavaScript:
 * a quarter of a 250,000-row export went there. Our temporary files are memory streams instead
 * (fopencookie, in glibc and in Emscripten's musl): a buffer that doubles, read, written and
 * seeked like the file it replaces, and freed when closed. */
enum { kStdioBuffer = 64 * 1024 };

typedef struct {
    char* data;
    size_t size, capacity, pos;
    char* stdio_buffer;
} MemoryFile;

static ssize_t memory_read(void* cookie, char* buf, size_t n) {
    MemoryFile* m = cookie;
    if (m->pos >= m->size) return 0;
    if (n > m->size - m->pos) n = m->size - m->pos;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

static ssize_t memory_write(void* cookie, const char* buf, size_t n) {
    MemoryFile* m = cookie;
    if (n > (size_t)-1 - m->pos) return -1;
    size_t end = m->pos + n;
    if (end > m->capacity) {
        size_t capacity = m->capacity ? m->capacity : 64 * 1024;
        while (capacity < end) capacity = capacity > (size_t)-1 / 2 ? end : capacity * 2;
        char* data = realloc(m->data, capacity);
        if (!data) return -1; /* the library sees a write error and reports it */
        m->data = data;
        m->capacity = capacity;
    }
    if (m->pos > m->size) memset(m->data + m->size, 0, m->pos - m->size); /* a seek past the end */
    memcpy(m->data + m->pos, buf, n);
    m->pos = end;
    if (end > m->size) m->size = end;
    return (ssize_t)n;
}

static int memory_seek(void* cookie, off64_t* offset, int whence) {
    MemoryFile* m = cookie;
    off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)m->pos : (off64_t)m->size;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) return -1;
    if (*offset < -base) return -1;
    m->pos = (size_t)(base + *offset);
    *offset = (off64_t)m->pos;
    return 0;
}

static int memory_close(void* cookie) {
    MemoryFile* m = cookie;
    free(m->data);
    free(m->stdio_buffer);
    free(m);
    return 0;
}

FILE* vastuu_xlsx_tmpfile(void) {
    MemoryFile* m = calloc(1, sizeof *m);
    if (!m) return NULL;
    cookie_io_functions_t io = {memory_read, memory_write, memory_seek, memory_close};
    FILE* file = fopencookie(m, "w+", io);
    if (!file) {
        free(m);
        return NULL;
    }
    /* A 64 KB stdio buffer (musl's own is 1 KB): fewer, larger copies into the stream. It belongs
     * to the stream and goes with it (the C library never frees a buffer it was given). */
    m->stdio_buffer = malloc(kStdioBuffer);
    if (m->stdio_buffer) setvbuf(file, m->stdio_buffer, _IOFBF, kStdioBuffer);
    return file;
}

/* The library formats every cell with fprintf; a 250,000-row sheet spent a third of its time in
 * the C library's printf machinery. Formats made only of text, %s, %d, %u and %% (all of the
 * per-cell ones) are written here directly, with the same output; any other format goes to
 * vfprintf unchanged. */
static int simple_format(const char* format) {
    for (const char* p = format; (p = strchr(p, '%')); p += 2)
        if (p[1] != 's' && p[1] != 'd' && p[1] != 'u' && p[1] != '%') return 0;
    return 1;
}

static char* format_unsigned(char* end, unsigned long long v) {
    *--end = '\0';
    do *--end = (char)('0' + v % 10);
    while ((v /= 10));
    return end;
}

int vastuu_xlsx_fprintf(FILE* file, const char* format, ...) {
    va_list args;
    va_start(args, format);
    int written = 0;
    if (!simple_format(format)) {
        written = vfprintf(file, format, args);
        va_end(args);
        return written;
    }
    const char* p = format;
    while (*p) {
        const char* percent = strchr(p, '%');
        size_t run = percent ? (size_t)(percent - p) : strlen(p);
        if (run) written += (int)fwrite(p, 1, run, file);
        if (!percent) break;
        char digits[24];
        const char* text = "%";
        switch (percent[1]) {
            case 's':
                text = va_arg(args, const char*);
                if (!text) text = "(null)";
                break;
            case 'd': {
                int v = va_arg(args, int);
                char* s = format_unsigned(digits + sizeof digits, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
                if (v < 0) *--s = '-';
                text = s;
                break;
            }
            case 'u':
                text = format_unsigned(digits + sizeof digits, va_arg(args, unsigned));
                break;
        }
        written += (int)fwrite(text, 1, strlen(text), file);
        p = percent + 2;
    }
    va_end(args);
    return ferror(file) ? -1 : written;
}

/* A cell reference such as "C17" for every cell written, made with snprintf in the library. */
void lxw_col_to_name(char* col_name, uint16_t col_num, uint8_t absolute);

void vastuu_xlsx_rowcol_to_cell(char* cell_name, uint32_t row, uint16_t col) {
    lxw_col_to_name(cell_name, col, 0);
    char digits[16];
    strcpy(cell_name + strlen(cell_name), format_unsigned(digits + sizeof digits, (unsigned long long)row + 1));
}
