/* schedule.c - learning-rate schedules: the factor applied to the base rate at step k.
 *
 * Pure functions of (schedule, k); the caller passes the result to optim_step. Formulas are
 * in schedule.h; the first step (k = 1) always uses the base rate.
 */
#include "optim/schedule.h"

#include <assert.h>
#include <math.h>
#include <string.h>

static const double SCHEDULE_PI = 3.14159265358979323846;

static const char *const schedule_ids[] = {
    [SCHEDULE_CONSTANT] = "constant",
    [SCHEDULE_STEP] = "step",
    [SCHEDULE_EXP] = "exp",
    [SCHEDULE_INV] = "inv",
    [SCHEDULE_COSINE] = "cosine",
};
static_assert(sizeof schedule_ids / sizeof schedule_ids[0] == SCHEDULE_COUNT,
              "one id per ScheduleKind");

/* Every field is filled whatever the kind, so a UI that switches s.kind on a default
 * schedule never meets every = 0 or period = 0; only gamma differs per kind. */
Schedule schedule_default(ScheduleKind kind)
{
    assert(kind >= 0 && kind < SCHEDULE_COUNT);
    Schedule s = {.kind = kind, .gamma = 1.0, .every = 100, .period = 1000, .min_factor = 0.0};
    switch (kind) {
    case SCHEDULE_STEP: s.gamma = 0.1; break;
    case SCHEDULE_EXP: s.gamma = 0.99; break;
    case SCHEDULE_INV: s.gamma = 0.01; break;
    case SCHEDULE_CONSTANT:
    case SCHEDULE_COSINE:
    case SCHEDULE_COUNT: break;
    }
    return s;
}

double schedule_lr(const Schedule *s, double base_lr, long k)
{
    assert(s && s->kind >= 0 && s->kind < SCHEDULE_COUNT);
    long t = k > 1 ? k - 1 : 0; /* steps already taken */
    double factor = 1.0;
    switch (s->kind) {
    case SCHEDULE_CONSTANT:
        break;
    case SCHEDULE_STEP: {
        long every = s->every > 1 ? s->every : 1;
        factor = pow(s->gamma, (double)(t / every));
        break;
    }
    case SCHEDULE_EXP:
        factor = pow(s->gamma, (double)t);
        break;
    case SCHEDULE_INV:
        factor = 1.0 / (1.0 + s->gamma * (double)t);
        break;
    case SCHEDULE_COSINE: {
        long period = s->period > 1 ? s->period : 1;
        double u = (double)(t < period ? t : period) / (double)period;
        factor = s->min_factor + (1.0 - s->min_factor) * (1.0 + cos(SCHEDULE_PI * u)) / 2.0;
        break;
    }
    case SCHEDULE_COUNT:
        break;
    }
    return base_lr * factor;
}

const char *schedule_id(ScheduleKind kind)
{
    assert(kind >= 0 && kind < SCHEDULE_COUNT);
    return schedule_ids[kind];
}

bool schedule_kind_from_id(const char *id, ScheduleKind *out)
{
    if (!id)
        return false;
    for (int i = 0; i < SCHEDULE_COUNT; i++) {
        if (strcmp(schedule_ids[i], id) == 0) {
            if (out)
                *out = (ScheduleKind)i;
            return true;
        }
    }
    return false;
}
