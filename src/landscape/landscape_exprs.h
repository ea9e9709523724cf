/* landscape_exprs.h - the one definition of each closed-form landscape: an expression in the
 * grammar of expr/expr.h. The build compiles these texts into static programs
 * (gen_landscape_programs.c writes landscape_programs.c), from which the registry's CPU value,
 * gradient and Hessian and the field shader's GLSL all come.
 *
 * The texts follow the order of operations of the hand-written C they replaced (for instance
 * (10*(y - x^2))^2 rather than 100*(y - x^2)^2) so that values, and where the chain rule
 * allows gradients and Hessians, keep their bits; see tests/test_landscape.c.
 */
#ifndef LOSSLENS_LANDSCAPE_EXPRS_H
#define LOSSLENS_LANDSCAPE_EXPRS_H

#define LANDSCAPE_EXPR_BOWL "x^2 + y^2"
/* Hessian diag(0.1, 2), condition number 20 */
#define LANDSCAPE_EXPR_RAVINE "x^2/20 + y^2"
/* the ravine rotated by 45 degrees: u = (x + y)/sqrt2, v = (y - x)/sqrt2, u^2/20 + v^2 */
#define LANDSCAPE_EXPR_ROTATED_RAVINE "(x + y)^2/40 + (y - x)^2/2"
#define LANDSCAPE_EXPR_SADDLE "x^2 - y^2"
/* three valleys meet at the origin, where the Hessian vanishes */
#define LANDSCAPE_EXPR_MONKEY_SADDLE "x^3 - 3*x*y*y"
/* a Gaussian well of width 0.7 in a wide plateau; beyond r = 3 only the gentle bowl (slope
 * 1e-4 r) leads back in */
#define LANDSCAPE_EXPR_PLATEAU "1 - exp(-(x^2 + y^2)/(2*0.7*0.7)) + 5e-5*(x^2 + y^2)"
/* (1 - x)^2 + 100 (y - x^2)^2: a curved, flat-bottomed valley to the minimum (1, 1) */
#define LANDSCAPE_EXPR_ROSENBROCK "(1 - x)^2 + (10*(y - x^2))^2"
#define LANDSCAPE_EXPR_BEALE \
    "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"
#define LANDSCAPE_EXPR_HIMMELBLAU "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
/* a minimum near every integer point */
#define LANDSCAPE_EXPR_RASTRIGIN "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)"
#define LANDSCAPE_EXPR_SIX_HUMP_CAMEL "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2"
#define LANDSCAPE_EXPR_TWO_WELLS \
    "0.05*(x^2 + y^2) - 2*exp(-((x - 1.5)^2 + (y - 0.5)^2)/0.8)" \
    " - 1.2*exp(-((x + 1.5)^2 + (y + 0.5)^2)/0.5)"

/* X(ID, name) for every closed-form landscape: LANDSCAPE_EXPR_<ID> is its text, and the
 * generated landscape_programs.h declares landscape_program_<name> and landscape_<name>_eval. */
#define LANDSCAPE_CLOSED_FORMS(X)                                                          \
    X(BOWL, bowl)                                                                          \
    X(RAVINE, ravine)                                                                      \
    X(ROTATED_RAVINE, rotated_ravine)                                                      \
    X(SADDLE, saddle)                                                                      \
    X(MONKEY_SADDLE, monkey_saddle)                                                        \
    X(PLATEAU, plateau)                                                                    \
    X(ROSENBROCK, rosenbrock)                                                              \
    X(BEALE, beale)                                                                        \
    X(HIMMELBLAU, himmelblau)                                                              \
    X(RASTRIGIN, rastrigin)                                                                \
    X(SIX_HUMP_CAMEL, six_hump_camel)                                                      \
    X(TWO_WELLS, two_wells)

#endif
