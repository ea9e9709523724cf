/* batch.h - minibatches as the lecture describes them: shuffle the dataset once per epoch,
 * then take consecutive groups of B points. The last batch of an epoch holds the remainder,
 * so every epoch visits every point exactly once. */
#ifndef LOSSLENS_BATCH_H
#define LOSSLENS_BATCH_H

#include <stdbool.h>

#include "run/rng.h"

/* Shuffled epochs over a dataset of n points, consumed as consecutive batches. */
typedef struct {
    int n, batch;
    int *perm; /* owned */
    int pos;   /* next index into perm */
    long epoch;
} BatchSampler;

/* n points, batches of `batch` (0 or >= n: the full dataset, never shuffled). Allocates the
 * permutation; false on out-of-memory. */
bool batch_init(BatchSampler *s, int n, int batch);
void batch_free(BatchSampler *s);
/* Rewinds to the start of epoch 0 (the next call to batch_next shuffles afresh). */
void batch_rewind(BatchSampler *s);
/* Points to the next batch's indices (valid until the next call) and returns its size. */
int batch_next(BatchSampler *s, Rng *rng, const int **idx);

#endif
