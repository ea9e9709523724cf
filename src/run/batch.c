/* batch.c - epoch-shuffled consecutive minibatches over a dataset of n points. */
#include "run/batch.h"

#include <stdlib.h>

bool batch_init(BatchSampler *s, int n, int batch)
{
    s->n = n;
    s->batch = (batch <= 0 || batch >= n) ? n : batch;
    s->perm = malloc((size_t)(n > 0 ? n : 1) * sizeof *s->perm);
    if (!s->perm) {
        return false;
    }
    batch_rewind(s);
    return true;
}

void batch_free(BatchSampler *s)
{
    free(s->perm);
    s->perm = NULL;
}

void batch_rewind(BatchSampler *s)
{
    for (int i = 0; i < s->n; i++) {
        s->perm[i] = i;
    }
    s->pos = s->n; /* the first batch_next starts a new epoch */
    s->epoch = -1;
}

/* Fisher-Yates over the current permutation. */
static void shuffle(BatchSampler *s, Rng *rng)
{
    for (int i = s->n - 1; i > 0; i--) {
        int j = (int)rng_below(rng, (uint64_t)i + 1);
        int t = s->perm[i];
        s->perm[i] = s->perm[j];
        s->perm[j] = t;
    }
}

int batch_next(BatchSampler *s, Rng *rng, const int **idx)
{
    if (s->pos >= s->n) {
        s->pos = 0;
        s->epoch++;
        if (s->batch < s->n) {
            shuffle(s, rng);
        }
    }
    int size = s->n - s->pos < s->batch ? s->n - s->pos : s->batch;
    *idx = s->perm + s->pos;
    s->pos += size;
    return size;
}
