/* landscape_data.c - the data landscapes bound to their generated datasets.
 *
 * The arrays come from landscape_datasets.c, which gen_datasets writes at build time from
 * fixed seeds; the renderer uploads the same numbers to the GPU through Landscape.data.
 */
#include "landscape/landscape_internal.h"
#include "landscape_datasets.h"

const Dataset landscape_logistic_data = {
    .n = LANDSCAPE_LOGISTIC_N, .dim = 2,
    .x = landscape_logistic_x, .y = landscape_logistic_y};

const Dataset landscape_tiny_net_data = {
    .n = LANDSCAPE_TINY_NET_N, .dim = 1,
    .x = landscape_tiny_net_x, .y = landscape_tiny_net_y};

double landscape_logistic_eval(double x, double y, double g[2], double h[3])
{
    return landscape_loss_logistic(&landscape_logistic_data, NULL, LANDSCAPE_LOGISTIC_N, x, y,
                                   g, h);
}

double landscape_logistic_batch(const int *idx, int n, double x, double y, double g[2],
                                 double h[3])
{
    return landscape_loss_logistic(&landscape_logistic_data, idx, n, x, y, g, h);
}

double landscape_tiny_net_eval(double x, double y, double g[2], double h[3])
{
    return landscape_loss_tiny_net(&landscape_tiny_net_data, NULL, LANDSCAPE_TINY_NET_N, x, y,
                                   g, h);
}

double landscape_tiny_net_batch(const int *idx, int n, double x, double y, double g[2],
                                double h[3])
{
    return landscape_loss_tiny_net(&landscape_tiny_net_data, idx, n, x, y, g, h);
}

double landscape_logistic_fast(double x, double y, double g[2], double h[3], double *err)
{
    return landscape_loss_logistic_fast(&landscape_logistic_data, x, y, g, h, err);
}

double landscape_tiny_net_fast(double x, double y, double g[2], double h[3], double *err)
{
    return landscape_loss_tiny_net_fast(&landscape_tiny_net_data, x, y, g, h, err);
}
