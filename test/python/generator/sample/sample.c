/* sample.c: implementation of sample.h for the Python emitter tests (real calls). */
#define _POSIX_C_SOURCE 200809L
#include "sample.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Handle { char name[32]; int live; };
static int live_buffers;

int32_t sample_add(int32_t a, int32_t b) { return a + b; }
uint64_t sample_abi(void) { return SAMPLE_ABI; }
const char *sample_name(void) { return "sample"; }
char *sample_dup(const char *s) { live_buffers++; return strdup(s); }
void sample_free(char *s) { if (s) { live_buffers--; free(s); } }
Handle *sample_open(const char *name) {
    Handle *h = calloc(1, sizeof *h);
    snprintf(h->name, sizeof h->name, "%s", name ? name : "anon");
    h->live = 1;
    return h;
}
void sample_close(Handle *h) { free(h); }
int32_t sample_sum(const uint8_t *data, size_t len) {
    int32_t s = 0;
    for (size_t i = 0; i < len; i++) s += data[i];
    return s;
}
int32_t sample_get(Handle *h, uint8_t **out, size_t *out_len) {
    size_t n = strlen(h->name);
    *out = malloc(n);
    memcpy(*out, h->name, n);
    *out_len = n;
    live_buffers++;
    return 0;
}
void sample_buffer_free(uint8_t *p, size_t len) { (void)len; if (p) { live_buffers--; free(p); } }
int32_t sample_keys(Handle *h, int64_t **keys, size_t *count) {
    (void)h;
    *keys = malloc(3 * sizeof(int64_t));
    (*keys)[0] = -1; (*keys)[1] = 1LL << 40; (*keys)[2] = 7;
    *count = 3;
    live_buffers++;
    return 0;
}
void sample_keys_free(int64_t *keys, size_t count) { (void)count; if (keys) { live_buffers--; free(keys); } }
Point sample_mid(Point a, Point b) { Point p = { (a.x + b.x) / 2, (a.y + b.y) / 2 }; return p; }
int32_t sample_point_len(const Point *p) { return p ? p->x * p->x + p->y * p->y : -1; }
int32_t sample_call(sample_cb cb, void *user) { return cb(user, 20) + 1; }
int32_t sample_packed_sum(struct Packed p) { return (int32_t)(p.tag + p.value + p.small); }
int32_t sample_range(Handle *h, Range *out) { (void)h; out->lo = -1.5; out->hi = 2.5; return 0; }
int64_t sample_total(const int64_t *keys, size_t count) {
    int64_t t = 0;
    for (size_t i = 0; i < count; i++) t += keys[i];
    return t;
}
int32_t sample_fill(uint8_t *found, size_t count) {
    for (size_t i = 0; i < count; i++) found[i] = (uint8_t)(i * 3);
    return (int32_t)count;
}
int32_t sample_join(const uint8_t **values, const size_t *lens, size_t count) {
    int32_t s = 0;
    for (size_t i = 0; i < count; i++) s += sample_sum(values[i], lens[i]);
    return s;
}
int sample_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    return n;
}
int sample_live_buffers(void) { return live_buffers; }
