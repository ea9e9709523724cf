/* schedule.h - learning-rate schedules, usable with any optimizer.
 *
 * The learning rate of step k (k counts from 1) is base_lr times a factor of (k - 1), so the
 * first step always uses the base rate:
 *   constant: 1
 *   step:     gamma^floor((k-1) / every)       (x gamma every `every` steps)
 *   exp:      gamma^(k-1)
 *   inv:      1 / (1 + gamma (k-1))            (1/t decay)
 *   cosine:   min_factor + (1 - min_factor)(1 + cos(pi min(k-1, period) / period)) / 2
 */
#ifndef LOSSLENS_SCHEDULE_H
#define LOSSLENS_SCHEDULE_H

#include <stdbool.h>

typedef enum {
    SCHEDULE_CONSTANT,
    SCHEDULE_STEP,
    SCHEDULE_EXP,
    SCHEDULE_INV,
    SCHEDULE_COSINE,
    SCHEDULE_COUNT
} ScheduleKind;

typedef struct {
    ScheduleKind kind;
    double gamma;      /* step, exp, inv */
    long every;        /* step */
    long period;       /* cosine */
    double min_factor; /* cosine: final rate as a fraction of the base rate */
} Schedule;

/* Defaults per kind: step gamma = 0.1, every = 100; exp gamma = 0.99; inv gamma = 0.01;
 * cosine period = 1000, min_factor = 0. Every kind's default fills all the fields (gamma
 * = 1 for constant and cosine), so changing .kind afterwards leaves a usable schedule. */
Schedule schedule_default(ScheduleKind kind);
/* base_lr times the factor of step k. k < 1 is treated as 1, every and period < 1 as 1. */
double schedule_lr(const Schedule *s, double base_lr, long k);
const char *schedule_id(ScheduleKind kind); /* "constant", "step", "exp", "inv", "cosine" */
bool schedule_kind_from_id(const char *id, ScheduleKind *out);

#endif
