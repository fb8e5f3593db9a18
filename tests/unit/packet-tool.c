/* packet-tool: a small front end to the packet library for the
 * cross-check scripts in tests/packet/.
 *
 *   packet-tool json HEX      parse an Ethernet frame, print Ryu-style JSON
 *   packet-tool text HEX      parse, print the text form
 *   packet-tool reser HEX     parse and serialize again, print hex
 *   packet-tool build JSON    build a frame from JSON (a file, or - for
 *                             stdin), print hex
 *   packet-tool batch         read "json|text|reser|build ARG" lines on stdin
 *                             (build takes inline JSON), answer one line
 *                             each ("ERROR ..." on failure)
 *
 * HEX may contain spaces and colons.  Exit status 0, or 1 on any error. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/buf.h"
#include "ofm/err.h"
#include "ofm/packet.h"

static int
hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes hex text into 'out'; returns false on odd digits or junk. */
static bool
from_hex(const char *s, struct ofm_buf *out)
{
    int hi = -1;
    for (; *s; s++) {
        if (isspace((unsigned char) *s) || *s == ':') {
            continue;
        }
        int v = hexval((unsigned char) *s);
        if (v < 0) {
            return false;
        }
        if (hi < 0) {
            hi = v;
        } else {
            ofm_buf_put_u8(out, (uint8_t) (hi << 4 | v));
            hi = -1;
        }
    }
    return hi < 0;
}

static void
print_hex(FILE *f, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%02x", p[i]);
    }
    fputc('\n', f);
}

/* Runs one command; prints its answer line to stdout.  Returns 0 or 1. */
static int
run(const char *cmd, const char *arg)
{
    struct ofm_packet pkt;
    struct ofm_buf in, out;
    int status = 0;

    ofm_buf_init(&in);
    ofm_buf_init(&out);
    ofm_packet_init(&pkt);
    if (!strcmp(cmd, "build")) {
        json_error_t jerr;
        json_t *j;
        if (!strcmp(arg, "-")) {
            j = json_loadf(stdin, JSON_ALLOW_NUL, &jerr);
        } else if (arg[0] == '{' || arg[0] == '[') {
            j = json_loads(arg, JSON_ALLOW_NUL, &jerr);
        } else {
            j = json_load_file(arg, JSON_ALLOW_NUL, &jerr);
        }
        char err[256];
        if (!j) {
            printf("ERROR json: %s\n", jerr.text);
            status = 1;
        } else if (ofm_packet_from_json(j, &pkt, err, sizeof err)) {
            printf("ERROR %s\n", err);
            status = 1;
        } else if (ofm_packet_serialize(&pkt, &out)) {
            printf("ERROR cannot serialize\n");
            status = 1;
        } else {
            print_hex(stdout, out.data, out.size);
        }
        json_decref(j);
    } else if (!from_hex(arg, &in)) {
        printf("ERROR bad hex\n");
        status = 1;
    } else {
        ofm_packet_parse(&pkt, in.data, in.size);
        if (!strcmp(cmd, "json")) {
            json_t *j = ofm_packet_to_json(&pkt);
            char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
            printf("%s\n", s);
            free(s);
            json_decref(j);
        } else if (!strcmp(cmd, "text")) {
            char *s = ofm_packet_to_text(&pkt);
            printf("%s\n", s);
            free(s);
        } else if (!strcmp(cmd, "reser")) {
            if (ofm_packet_serialize(&pkt, &out)) {
                printf("ERROR cannot serialize\n");
                status = 1;
            } else {
                print_hex(stdout, out.data, out.size);
            }
        } else {
            printf("ERROR unknown command %s\n", cmd);
            status = 1;
        }
    }
    ofm_packet_uninit(&pkt);
    ofm_buf_uninit(&in);
    ofm_buf_uninit(&out);
    fflush(stdout);
    return status;
}

int
main(int argc, char *argv[])
{
    if (argc == 2 && !strcmp(argv[1], "batch")) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        int status = 0;
        while ((len = getline(&line, &cap, stdin)) > 0) {
            line[strcspn(line, "\r\n")] = '\0';
            char *sp = strchr(line, ' ');
            if (!sp) {
                printf("ERROR expected: COMMAND ARG\n");
                fflush(stdout);
                status = 1;
                continue;
            }
            *sp = '\0';
            status |= run(line, sp + 1);
        }
        free(line);
        return status;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: %s json|text|reser HEX | build FILE.json|- | batch\n",
                argv[0]);
        return 1;
    }
    return run(argv[1], argv[2]);
}
