/* sample.h: a small header exercising every construct the Python emitters and the layout
 * probe handle (handles, bit-fields, packed and aligned records, anonymous members,
 * callbacks, out-parameters, owned buffers); sample.c implements it for real calls. */
#ifndef SAMPLE_H
#define SAMPLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SAMPLE_MAX 16777216
#define SAMPLE_BIG 0xFFFFFFFFFFFFFFFFULL
#define SAMPLE_PI 3.25
#define SAMPLE_NAME "sam\"ple"
#define SAMPLE_ABI 0x1234ULL

enum Color { COLOR_RED = 0, COLOR_GREEN = 5, COLOR_BLUE = -1 };

typedef struct Handle Handle;
typedef int32_t (*sample_cb)(void *user, int32_t value);

typedef struct Point { int32_t x; int32_t y; } Point;
struct Flags { uint32_t a : 3; uint32_t b : 5; int32_t c : 4; uint8_t tail; };
struct __attribute__((packed)) Packed { uint8_t tag; uint32_t value; uint16_t small; };
struct Tagged { int32_t kind; union { int64_t i; double d; }; char name[8]; };
struct Node { int32_t value; struct Node *next; sample_cb cb; };
typedef struct { double lo; double hi; } Range;
struct __attribute__((aligned(16))) Aligned { int32_t v; };

int32_t sample_add(int32_t a, int32_t b);
uint64_t sample_abi(void);
const char *sample_name(void);
char *sample_dup(const char *s);
void sample_free(char *s);
Handle *sample_open(const char *name);
void sample_close(Handle *h);
int32_t sample_sum(const uint8_t *data, size_t len);
int32_t sample_get(Handle *h, uint8_t **out, size_t *out_len);
void sample_buffer_free(uint8_t *p, size_t len);
int32_t sample_keys(Handle *h, int64_t **keys, size_t *count);
void sample_keys_free(int64_t *keys, size_t count);
Point sample_mid(Point a, Point b);
int32_t sample_point_len(const Point *p);
int32_t sample_call(sample_cb cb, void *user);
int32_t sample_packed_sum(struct Packed p);
int32_t sample_range(Handle *h, Range *out);
int64_t sample_total(const int64_t *keys, size_t count);
int32_t sample_fill(uint8_t *found, size_t count);
int32_t sample_join(const uint8_t **values, const size_t *lens, size_t count);
static inline int32_t sample_twice(int32_t x) { return 2 * x; }
int sample_printf(const char *fmt, ...);
#endif
