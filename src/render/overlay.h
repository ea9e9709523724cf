/* overlay.h - the lecture's ideas drawn over a contour plot, each a toggle: gradient arrows
 * on a grid (direction normalized, magnitude as color); at one point (the cursor or the
 * selected run's current point) the steepest-descent direction, perpendicular to the contour
 * through it, beside Newton's direction; the local second-order Taylor model as its own
 * contours (ellipses at a minimum, hyperbolas at a saddle); the Hessian's eigenvectors scaled
 * by their eigenvalues; every critical point in view found and marked as minimum, maximum or
 * saddle (degenerate ones flagged); the current minibatch's loss contours, faintly; and a
 * cloud of seeded copies of a stochastic run. Drawn with the renderer's batcher, font and
 * line markers in drawable pixels inside the pane's rect. Needs a current GL context.
 */
#ifndef LOSSLENS_OVERLAY_H
#define LOSSLENS_OVERLAY_H

#include <stdbool.h>

#include "landscape/landscape.h"
#include "render/render.h"
#include "render/view.h"
#include "run/run.h"
#include "ui/ui.h"

typedef struct {
    bool gradient_field, directions, taylor, eigen, critical, minibatch;
} OverlayFlags;

enum { OVERLAY_MAX_CRITICAL = 512 };

/* What is expensive to recompute: the critical points of the current view (found again only
 * when the landscape or view changes). Zero-initialize; no resources to free. */
typedef struct {
    const Landscape *ls;
    View view;
    bool valid;
    CriticalPoint points[OVERLAY_MAX_CRITICAL];
    int n;
} OverlayCache;

typedef struct {
    const Landscape *ls;
    const View *view;     /* the pane's view; its w, h equal rect's size */
    UiRect rect;          /* where the pane's plot is on the target */
    OverlayFlags flags;
    double point[2];      /* where the directions / Taylor model / eigenvectors are drawn */
    const Run *batch_run; /* the run whose current minibatch is contoured (NULL: none) */
    const Run *cloud;     /* cloud runs (seeded copies), drawn faintly; may be NULL */
    int n_cloud;
    int cloud_color;      /* palette index of the run the cloud copies */
} OverlayDesc;

void overlay_draw(Renderer *r, const OverlayDesc *d, OverlayCache *cache);

#endif
