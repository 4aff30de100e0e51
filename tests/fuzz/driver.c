/*
 * tests/fuzz/driver.c - runs the fuzz target over files without libFuzzer:
 * `make test` builds it with gcc and the sanitizers and feeds it the corpus
 * (the scenarios, the bad inputs and tests/fuzz/regress), so an
 * input that once crashed the loader stays fixed.
 *
 *   driver FILE...      prints "N inputs ok"; a crash is a sanitizer abort
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static uint8_t buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        n++;
    }
    printf("%d inputs ok\n", n);
    return 0;
}
