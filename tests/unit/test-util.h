/* tests/unit/test-util.h: what every CUnit test program shares: reading
 * files and the OpenFlow corpus, hex strings, running the registered
 * suites. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H 1

#include <stddef.h>
#include <stdint.h>

#define N_ELEMS(A) (sizeof (A) / sizeof (A)[0])

/* The corpus directory (holding of10/ and of13/) from OFM_CORPUS_DIR, or
 * NULL after saying on stderr that the variable is not set. */
const char *tu_corpus_dir(void);

/* Reads the whole file 'path' into a heap block of exactly its size, so
 * that ASan sees any read past the end; stores the size in '*size'.  The
 * caller frees the block.  NULL, after saying why on stderr, on failure. */
uint8_t *tu_read_file(const char *path, size_t *size);

/* tu_read_file() of 'name' ("of13/4-4-ofp_packet_in.packet") in the
 * corpus directory. */
uint8_t *tu_read_corpus(const char *name, size_t *size);

/* Parses the hex digits of 's' (anything else, such as spaces, is skipped)
 * into at most 'max' bytes at 'out'; returns how many it wrote. */
size_t tu_unhex(const char *s, uint8_t *out, size_t max);

/* Runs every registered suite verbosely, cleans up the registry and
 * returns the exit status: 0 if every assertion passed, 1 otherwise. */
int tu_run(void);

#endif /* tests/unit/test-util.h */
