/* optim_impl.h - private to src/optim: what each optimizer file exposes to optim.c.
 *
 * Each <name>.c defines its private struct (Optimizer base first, then its state) and its
 * row `const OptimVTable optim_<name>_vtable` (functions and facts); optim.c lists the rows
 * from OPTIM_LIST and allocates through them. Nothing outside src/optim includes this.
 */
#ifndef LOSSLENS_OPTIM_IMPL_H
#define LOSSLENS_OPTIM_IMPL_H

#include "optim/optim.h"

/* The inspector's view of n (<= 4) state vectors: name[j] and the 2 values at vec[j]. */
void optim_state_set(OptimState *out, int n, const char *const names[],
                     const double *const vec[]);

#define OPTIM_VTABLE_EXTERN(kind, name) extern const OptimVTable optim_##name##_vtable;
OPTIM_LIST(OPTIM_VTABLE_EXTERN)
#undef OPTIM_VTABLE_EXTERN

#endif
