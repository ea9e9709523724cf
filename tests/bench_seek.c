/* bench_seek.c - what a lecturer waits for when scrubbing a long timeline: a session of
 * three runs (gradient descent, momentum, Adam) on Rosenbrock stepped to 10,000,000, then
 * seeks back to 40 random steps of it, latest first. Each seek rewinds every run from its
 * nearest checkpoint and steps it on to the target (run.h), so its cost is bounded by the
 * checkpoint interval, not by the timeline. (A seek forward past what was computed steps
 * the runs there: the window does that within a frame budget, showing how far it got.)
 * Also reports the memory the runs hold. The bar: any seek within 0.5 s. Prints
 * the median and the worst of the 40 seeks. */
#include <stdio.h>

#include "bench.h"
#include "lecture/session.h"
#include "run/rng.h"

enum { STEPS = 10000000, SEEKS = 40 };

int main(void)
{
    SceneDesc scene = { .layout = LAYOUT_SINGLE, .n_panes = 1 };
    PaneDesc *pane = &scene.panes[0];
    pane->ls = landscape_find("rosenbrock");
    pane->start[0] = -1.2;
    pane->start[1] = 1.0;
    const OptimKind kinds[] = { OPTIM_GD, OPTIM_MOMENTUM, OPTIM_ADAM };
    const double rates[] = { 3e-4, 2.5e-4, 0.04 };
    for (int r = 0; r < 3; r++) {
        pane->runs[r] = run_desc_default(kinds[r]);
        pane->runs[r].opt.lr = rates[r];
    }
    pane->n_runs = 3;
    Session s;
    char err[256];
    if (!session_init(&s, &scene, 30, STEPS, err, sizeof err)) {
        fprintf(stderr, "bench_seek: %s\n", err);
        return 1;
    }
    double t0 = bench_now_ms();
    session_seek(&s, STEPS);
    double first = bench_now_ms() - t0;
    size_t bytes = 0;
    for (int r = 0; r < 3; r++)
        bytes += (size_t)s.panes[0].runs[r].cap * sizeof(TrajPoint);
    Rng rng = rng_seeded(7);
    double ms[SEEKS], to[SEEKS];
    for (int i = 0; i < SEEKS; i++)
        to[i] = (double)rng_below(&rng, STEPS + 1);
    bench_median(to, SEEKS); /* sorts them */
    for (int i = SEEKS - 1; i >= 0; i--) {
        t0 = bench_now_ms();
        session_seek(&s, (long)to[i]);
        ms[i] = bench_now_ms() - t0;
    }
    double med = bench_median(ms, SEEKS);
    printf("bench_seek: 3 runs x %d steps computed in %.0f ms, %.1f MiB of kept points\n",
           STEPS, first, (double)bytes / (1 << 20));
    printf("bench_seek: seek back to a random step: median %.1f ms, worst %.1f ms (bar: 500 ms)\n",
           med, ms[SEEKS - 1]);
    session_free(&s);
    return 0;
}
