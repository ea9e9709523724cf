/* window_export.c - the window's exports from the keyboard: the frame as a PNG (S), an
 * animated GIF of the scene from step 0 (G), the trajectories on screen as CSV (C) and the
 * current state as a scene file (Ctrl+S). Each goes to a free timestamped name in the
 * directory util/desktop.h chooses (the current directory from a terminal; the Pictures or
 * Documents directory when started from the desktop's menu) and ends in a notice that says
 * the file's full path, or why it was not written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/export.h"
#include "app/platform.h"
#include "lecture/headless.h"
#include "lecture/scene.h"
#include "app/window_impl.h"
#include "render/pngio.h"
#include "util/desktop.h"
#include "util/outfile.h"

bool window_export_name(const char *dir, const char *ext, char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return false;
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    for (int k = 1; k < 100; k++) {
        int n = k == 1 ? snprintf(buf, len, "%s/losslens-%s.%s", dir, stamp, ext)
                       : snprintf(buf, len, "%s/losslens-%s-%d.%s", dir, stamp, k, ext);
        if (n < 0 || (size_t)n >= len)
            return false;
        if (access(buf, F_OK) != 0)
            return true;
    }
    return false;
}

/* "WHAT saved: /full/path/NAME" (name is absolute), or "WHAT failed: ERR" when err is not
 * NULL. */
static void window_export_notice(AppWindow *w, const char *what, const char *name,
                                 const char *err)
{
    char msg[sizeof w->notice];
    if (err)
        snprintf(msg, sizeof msg, "%s failed: %.600s", what, err);
    else {
        snprintf(msg, sizeof msg, "%s saved: %.600s", what, name);
        platform_exported(name);
    }
    window_notice(w, msg);
}

/* A free absolute path with extension ext in the export directory of kind into name, or
 * false after a notice. */
static bool window_export_pick(AppWindow *w, const char *what, DesktopDirKind kind,
                               const char *ext, char *name, size_t len)
{
    char dir[4096], err[4200];
    if (!desktop_export_dir(kind, dir, sizeof dir, err, sizeof err)) {
        window_export_notice(w, what, NULL, err);
        return false;
    }
    if (window_export_name(dir, ext, name, len))
        return true;
    snprintf(err, sizeof err, "no free file name in %s", dir);
    window_export_notice(w, what, NULL, err);
    return false;
}

void window_export_png(AppWindow *w, const unsigned char *px)
{
    char name[4400], err[600] = "";
    if (!px) {
        window_export_notice(w, "Screenshot", NULL, "out of memory");
        return;
    }
    if (!window_export_pick(w, "Screenshot", DESKTOP_DIR_PICTURES, "png", name, sizeof name))
        return;
    if (!pngio_write_rgbx(name, w->dw, w->dh, px, 4 * w->dw, true, err, sizeof err))
        window_export_notice(w, "Screenshot", NULL, err);
    else
        window_export_notice(w, "Screenshot", name, NULL);
}

void window_export_gif(AppWindow *w)
{
    char name[4400], err[600] = "";
    if (!window_export_pick(w, "GIF", DESKTOP_DIR_PICTURES, "gif", name, sizeof name))
        return;
    ExportGifDesc d = {.path = name, .width = w->dw, .height = w->dh,
                       .frames = w->gif_frames, .ui_scale = w->ui_scale,
                       .presenter = w->presenter};
    bool ok = export_gif_write(&w->s, &d, err, sizeof err);
    window_export_notice(w, "GIF", name, ok ? NULL : err);
    w->last_tick = SDL_GetPerformanceCounter(); /* the export's time is not play time */
    w->dirty = true;
}

void window_export_csv(AppWindow *w)
{
    char name[4400], err[600] = "";
    if (!window_export_pick(w, "CSV", DESKTOP_DIR_DOCUMENTS, "csv", name, sizeof name))
        return;
    OutFile out;
    if (!outfile_open(&out, name, false, err, sizeof err)) {
        window_export_notice(w, "CSV", NULL, err);
        return;
    }
    /* The runs on screen up to the clock, numbered across panes in scene order as --csv
     * numbers them (a disabled run keeps its number and writes no rows). */
    bool ok = headless_csv_header(out.f);
    int index = 0;
    for (int p = 0; p < w->s.n_panes; p++) {
        const Pane *pane = &w->s.panes[p];
        for (int r = 0; r < pane->desc.n_runs; r++, index++)
            if (pane->enabled[r])
                ok = ok && headless_csv_rows(out.f, &pane->runs[r], index);
    }
    if (!ok) {
        outfile_abort(&out);
        window_export_notice(w, "CSV", NULL, "cannot write the rows");
    } else if (!outfile_commit(&out, err, sizeof err)) {
        window_export_notice(w, "CSV", NULL, err);
    } else {
        window_export_notice(w, "CSV", name, NULL);
    }
}

void window_export_scene(AppWindow *w)
{
    char name[4400], err[600] = "";
    SceneDesc *sd = malloc(sizeof *sd);
    if (!sd) {
        window_export_notice(w, "Scene", NULL, "out of memory");
        return;
    }
    /* The panes' descs and starts as they are now, the timeline's length, and the views on
     * screen (the trajectories do not depend on them: the file reopens to the same bits). */
    session_scene(&w->s, sd);
    sd->steps = w->s.max_step;
    for (int p = 0; p < w->s.n_panes; p++) {
        if (w->s.panes[p].has_view) {
            sd->panes[p].view = view_bounds(&w->s.panes[p].view);
            sd->panes[p].has_view = true;
        }
    }
    if (window_export_pick(w, "Scene", DESKTOP_DIR_DOCUMENTS, "ini", name, sizeof name)) {
        if (scene_save(name, sd, err, sizeof err))
            window_export_notice(w, "Scene", name, NULL);
        else
            window_export_notice(w, "Scene", NULL, err);
    }
    free(sd);
}
