/* panel.h - the control panel a lecturer drives live: transport (play/pause, step, back,
 * reset, speed), landscape, panes, the runs (optimizer, on/off, color, add, remove) and the
 * selected run's learning rate (with the local stability limit 2/λmax beside it), its own
 * hyperparameters, schedule and stochastic settings, the contour levels and the overlays;
 * for a typed function the f(x, y) = field (compiled on Enter) and one slider per parameter.
 * Immediate mode: called once per frame between ui_begin and ui_end; whatever a widget
 * changed is applied to the session at once (runs recomputed to the clock). libc only. */
#ifndef LOSSLENS_PANEL_H
#define LOSSLENS_PANEL_H

#include <stdbool.h>

#include "lecture/session.h"
#include "ui/ui.h"

typedef struct {
    char message[256]; /* the last problem to show (e.g. a run that could not be set up) */
    /* The f(x, y) = field: its text (the selected pane's function, or what was typed and
     * refused), the pane it shows, and the refusal: message and byte offset (-1: none). */
    char expr[UI_TEXT_FIELD_MAX + 1];
    int expr_pane;
    const Landscape *expr_ls; /* the landscape expr was last taken from */
    char expr_error[320];
    int expr_mark;
} PanelState;

/* Draws the panel into rect and applies its changes to s. Returns true when runs were
 * replaced or recomputed (the renderer must redraw them from scratch). */
bool panel_draw(UiContext *ui, Session *s, UiRect rect, PanelState *st);

/* The selected run's stability limit as the panel states it: the optimizer's own rule
 * (optim_stability_limit) at the Hessian's largest eigenvalue where the run is now (at its
 * start once it diverged): "stable for α < 2(1 + μ)/λmax = 0.3 here", or that the optimizer
 * has no such rule, or that any α is stable there. */
/* That limit as a number: NAN where the optimizer has no rule, INFINITY where every α is
 * stable there. */
double panel_stability_limit(const OptimizerDesc *opt, const Landscape *ls, const Run *run);
void panel_stability_text(const OptimizerDesc *opt, const Landscape *ls, const Run *run,
                          char *buf, size_t len);

#endif
