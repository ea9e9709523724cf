/* main.c - parse the command line into Options, then run the headless exports (scene, CSV,
 * PNG, GIF, in that order) or open the window (window_load.h: only then is the window module
 * loaded). Exit codes: 0 success, 1 runtime failure, 2 bad command line. */
#include <stdio.h>

#include "app/export.h"
#include "app/report.h"
#include "lecture/headless.h"
#include "lecture/options.h"
#include "app/window_load.h"
#include "losslens_config.h"

int main(int argc, char **argv)
{
    Options o;
    char err[2048];
    if (!options_parse(argc, argv, &o, err, sizeof err)) {
        app_report_startup_error(err);
        return 2;
    }
    if (o.help) {
        options_print_usage(stdout);
        return 0;
    }
    if (o.version) {
        printf("losslens %s\n", LOSSLENS_VERSION);
        return 0;
    }
    if (o.list) {
        headless_list(stdout);
        return 0;
    }
    if (o.csv_path || o.png_path || o.gif_path || o.save_scene_path || o.basin_path ||
        o.sweep_path) {
        int rc = o.save_scene_path ? headless_save_scene(&o, stderr) : 0;
        rc = (rc == 0 && o.basin_path) ? headless_write_basin(&o, app_export_rgba, stderr) : rc;
        rc = (rc == 0 && o.sweep_path) ? headless_write_sweep(&o, app_export_rgba, stderr) : rc;
        rc = (rc == 0 && o.csv_path) ? headless_write_csv(&o, stderr) : rc;
        rc = (rc == 0 && o.png_path) ? app_export_png(&o) : rc;
        return (rc == 0 && o.gif_path) ? app_export_gif(&o) : rc;
    }
    return app_window_launch(&o);
}
