#version 330 core
/* basin.frag - the basin map on the GPU: each texel is one start (its pixel centre in the
 * view, as analysis/basin.c's basin_start), stepped u_steps times with one optimizer in the
 * order of run_step: the gradient at the point, the run's L2 term and clipping
 * (run_grad_options), the rule at this step's rate, the loss and gradient of the new point,
 * then the stop (non-finite) and convergence (|g| < tol) tests. A start keeps stepping after
 * it converged (a later divergence makes it diverged, as on the CPU).
 * Before this text (src/render/basin_gl.c): the fp64 extension, BASIN_GD, BASIN_MOMENTUM or
 * BASIN_ADAM, BASIN_LR_CONST (a constant schedule), BASIN_L2 and BASIN_CLIP (when on), and
 * `EXPR_R3 loss_grad(EXPR_R2 p)` = (f, df/dx, df/dy) in EXPR_R (double where the GL has it)
 * generated from the landscape's expression (expr_emit_glsl_grad).
 * Out: (end x, end y, loss there, code): code = k >= 0 converged at step k, -1 - k stopped at
 * step k, -0.5 still running. */
out vec4 o_cell;

uniform EXPR_R2 u_origin;   /* view xmin, ymax */
uniform EXPR_R2 u_span;     /* xmax - xmin, ymax - ymin */
uniform ivec2 u_grid;       /* w, h */
uniform int u_steps;
uniform EXPR_R u_tol;
uniform EXPR_R u_l2, u_clip;
uniform EXPR_R u_mu;        /* momentum */
uniform EXPR_R u_beta1, u_beta2, u_eps; /* adam */
uniform int u_bias;         /* adam: bias correction on */
uniform sampler2D u_lr;     /* step k's rate at texel k - 1 (BASIN_LR_W wide): hi + lo */
uniform EXPR_R u_rate;      /* BASIN_LR_CONST: every step's rate (a constant schedule) */

bool basin_ok(EXPR_R2 th, EXPR_R3 fg)
{
    return !(isnan(th.x) || isinf(th.x) || isnan(th.y) || isinf(th.y) || isnan(fg.x) ||
             isinf(fg.x) || isnan(fg.y) || isinf(fg.y) || isnan(fg.z) || isinf(fg.z));
}

void main()
{
    int i = int(gl_FragCoord.x), j = u_grid.y - 1 - int(gl_FragCoord.y);
    EXPR_R2 th = EXPR_R2(u_origin.x + (EXPR_R(i) + EXPR_R(0.5)) * u_span.x / EXPR_R(u_grid.x),
                         u_origin.y - (EXPR_R(j) + EXPR_R(0.5)) * u_span.y / EXPR_R(u_grid.y));
    EXPR_R3 fg = loss_grad(th);
    EXPR_R tol2 = u_tol * u_tol; /* |g| < tol as |g|^2 < tol^2: no square root per step */
    EXPR_R2 e = th;
    EXPR_R el = fg.x;
    int conv = -1, stop = -1;
    if (!basin_ok(th, fg))
        stop = 0;
    else if (dot(fg.yz, fg.yz) < tol2)
        conv = 0;
    EXPR_R2 s0 = EXPR_R2(0.0), s1 = EXPR_R2(0.0); /* momentum: v; adam: m, v */
    EXPR_R c1 = EXPR_R(0.0), c2 = EXPR_R(0.0);     /* adam: 1 - beta^k by recurrence */
    for (int k = 1; k <= u_steps && stop < 0; k++) { /* stop >= 0: a start not steppable */
        /* the run's options only when on (BASIN_L2, BASIN_CLIP): llvmpipe runs both sides of
         * a branch under a mask, so an `if` on a uniform would cost every step */
        EXPR_R2 g = fg.yz;
#if defined(BASIN_L2)
        g += u_l2 * th;
#endif
#if defined(BASIN_CLIP)
        EXPR_R norm = length(g);
        g = norm > u_clip ? g * (u_clip / norm) : g;
#endif
#if defined(BASIN_LR_CONST)
        EXPR_R lr = u_rate;
#else
        vec2 lt = texelFetch(u_lr, ivec2((k - 1) % BASIN_LR_W, (k - 1) / BASIN_LR_W), 0).xy;
        EXPR_R lr = EXPR_R(lt.x) + EXPR_R(lt.y);
#endif
#if defined(BASIN_GD)
        th -= lr * g;
#elif defined(BASIN_MOMENTUM)
        s0 = g + u_mu * s0;
        th -= lr * s0;
#elif defined(BASIN_ADAM)
        c1 = (EXPR_R(1.0) - u_beta1) + u_beta1 * c1;
        c2 = (EXPR_R(1.0) - u_beta2) + u_beta2 * c2;
        /* the corrections' reciprocals: one division each per step instead of one per
         * coordinate (a few ulps from the CPU's m / c, far below what moves a class) */
        EXPR_R r0 = u_bias != 0 && c1 != EXPR_R(0.0) ? EXPR_R(1.0) / c1 : EXPR_R(1.0);
        EXPR_R r1 = u_bias != 0 && c2 != EXPR_R(0.0) ? EXPR_R(1.0) / c2 : EXPR_R(1.0);
        s0 = u_beta1 * s0 + (EXPR_R(1.0) - u_beta1) * g;
        s1 = u_beta2 * s1 + (EXPR_R(1.0) - u_beta2) * g * g;
        EXPR_R2 st = (lr * r0) * s0 / (sqrt(s1 * r1) + u_eps);
        th.x -= s0.x == EXPR_R(0.0) ? EXPR_R(0.0) : st.x;
        th.y -= s0.y == EXPR_R(0.0) ? EXPR_R(0.0) : st.y;
#endif
        fg = loss_grad(th);
        if (!basin_ok(th, fg)) {
            stop = k;
            break;
        }
        e = th;
        el = fg.x;
        if (conv < 0 && dot(fg.yz, fg.yz) < tol2)
            conv = k;
    }
    float code = stop >= 0 ? -1.0 - float(stop) : conv >= 0 ? float(conv) : -0.5;
    o_cell = vec4(float(e.x), float(e.y), float(el), code);
}
