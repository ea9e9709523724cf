/* bench_window.c - what a user sees: the real window (app_window_open / app_window_frame, the
 * whole frame including the buffer swap) at 1920x1080, playing in real time, with the process's
 * CPU time per frame (getrusage: every thread, llvmpipe's included) and the X server's (from
 * /proc/<pid>/stat of the Xvfb serving $DISPLAY, when there is one). Modes:
 *   anim   7 optimizers on Rosenbrock at --speed 400, measured over windows of frames at steps
 *          0, 10,000 and 100,000 (the clock is seeked there, then plays): fps, ms per frame
 *          (median), CPU ms per frame; pans and zooms (a drag, the wheel, and in one step as
 *          the keys make them) with the 70,000 points of step 10,000 and the 190,000 of
 *          100,000; and an idle (paused) window: frames drawn and CPU per poll.
 *   quick  the window at step 10,000 only (while profiling).
 *   view   the pans and zooms only, at steps 10,000 and 100,000 (while profiling).
 *   cloud  16 noisy runs with a cloud of 64 copies each (1,024 paths) animating, 30 frames from
 *          step 0 and from step 600 (LOSSLENS_BENCH_SHOT=prefix: then the window paused at
 *          steps 150 and 700, captured into prefix-150.png and prefix-700.png).
 *   data   a data landscape's field after a view change, what a user waits for: from a pan
 *          or a zoom step (a key's or a click's, the clock stopped) until the full-resolution
 *          field is on screen (frames drawn until the window has nothing more to draw), on
 *          logistic and tiny-net against bowl (a closed form), medians of 9 pans and 9
 *          zooms, two rounds in turn, with the ratios (issue #12's target: 1.3x).
 *   3d     the anim mode's 7 runs on Rosenbrock's surface in 3D (--3d): animating at steps 0
 *          and 10,000, and animating while the camera orbits a few pixels every frame
 *          (LOSSLENS_BENCH_ORBIT_ONLY: the orbit only; LOSSLENS_BENCH_SHOT=file.png: a frame
 *          in mid-orbit, the draft, captured there after each orbit's phase).
 * Needs a display with OpenGL 3.3 (xvfb-run -s "-screen 0 1920x1080x24").
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "app/window.h"
#include "lecture/options.h"
#include "lecture/session.h"
#include "render/pngio.h"
#include "bench.h"
#include "synth_input.h"

enum { FRAMES = 150, REPS = 3 };

static double bench_cpu_ms(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-3;
}

/* The pid of the Xvfb whose first argument is $DISPLAY, or -1. */
static int bench_xserver_pid(void)
{
    const char *disp = getenv("DISPLAY");
    DIR *d = opendir("/proc");
    if (!disp || !d)
        return d ? (closedir(d), -1) : -1;
    int found = -1;
    struct dirent *e;
    while (found < 0 && (e = readdir(d))) {
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        const char *base = strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
        size_t len = strlen(buf);
        if (strcmp(base, "Xvfb") == 0 && len + 1 < n && strcmp(buf + len + 1, disp) == 0)
            found = atoi(e->d_name);
    }
    closedir(d);
    return found;
}

/* CPU time (user + system) of process pid in ms, or 0. */
static double bench_proc_cpu_ms(int pid)
{
    if (pid <= 0)
        return 0.0;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0.0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    /* After the comm: state and 10 more fields, then utime and stime. */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return 0.0;
    return (double)(ut + st) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

static AppWindow *bench_open(int argc, const char **argv)
{
    Options o;
    char err[1024];
    if (!options_parse(argc, (char **)argv, &o, err, sizeof err)) {
        fprintf(stderr, "bench_window: options: %s\n", err);
        return NULL;
    }
    AppWindow *w = app_window_open(&o, err, sizeof err);
    if (!w) {
        fprintf(stderr, "bench_window: %s\n", err);
        return NULL;
    }
    for (int i = 0; i < 3; i++)
        app_window_frame(w);
    return w;
}

typedef struct {
    double fps, ms_median, cpu_ms, x_ms;
} FrameStats;

/* Draws a frame and writes it to the PNG file path (a message on stderr when it cannot). */
static void bench_capture(AppWindow *w, const char *path)
{
    int cw, ch;
    unsigned char *px = app_window_capture(w, &cw, &ch);
    char err[256];
    if (!px || !pngio_write_rgba(path, cw, ch, px, 4 * cw, true, err, sizeof err))
        fprintf(stderr, "bench_window: no capture in %s\n", path);
    free(px);
}

/* Plays `frames` (<= FRAMES) frames in real time and measures them. */
static FrameStats bench_play(AppWindow *w, int xpid, int frames_wanted)
{
    Session *s = app_window_session(w);
    s->playing = true;
    app_window_frame(w); /* the frame after a seek redraws everything: not counted */
    app_window_set_unpaced(w, true); /* fps: what the machine can do, not the window's pace */
    double ms[FRAMES];
    long f0 = app_window_frames_drawn(w);
    double c0 = bench_cpu_ms(), x0 = bench_proc_cpu_ms(xpid), t0 = bench_now_ms();
    for (int f = 0; f < frames_wanted; f++) {
        double a = bench_now_ms();
        app_window_frame(w);
        ms[f] = bench_now_ms() - a;
    }
    double wall = bench_now_ms() - t0;
    long frames = app_window_frames_drawn(w) - f0;
    frames = frames > 0 ? frames : 1;
    FrameStats st = {.fps = 1e3 * (double)frames / wall,
                     .ms_median = bench_median(ms, frames_wanted),
                     .cpu_ms = (bench_cpu_ms() - c0) / (double)frames,
                     .x_ms = (bench_proc_cpu_ms(xpid) - x0) / (double)frames};
    s->playing = false;
    app_window_set_unpaced(w, false);
    return st;
}

/* Median over reps (<= REPS) windows of `frames` frames each, starting at step k each time. */
static void bench_phase(AppWindow *w, int xpid, long k, int frames, int reps,
                        const char *what)
{
    Session *s = app_window_session(w);
    double fps[REPS], ms[REPS], cpu[REPS], x[REPS];
    long end = 0;
    for (int r = 0; r < reps; r++) {
        s->playing = false;
        session_seek(s, k);
        FrameStats st = bench_play(w, xpid, frames);
        fps[r] = st.fps;
        ms[r] = st.ms_median;
        cpu[r] = st.cpu_ms;
        x[r] = st.x_ms;
        end = s->step;
    }
    printf("%-28s steps %6ld..%6ld: %6.1f fps, %6.2f ms/frame, CPU %6.2f ms/frame"
           " (X server %5.2f)\n", what, k, end, bench_median(fps, reps), bench_median(ms, reps),
           bench_median(cpu, reps), bench_median(x, reps));
}

/* Times one frame (ms) after the events pushed so far; adds its CPU ms (every thread's) to
 * *cpu. */
static double bench_frame_ms(AppWindow *w, double *cpu)
{
    double a = bench_now_ms(), c = bench_cpu_ms();
    app_window_frame(w);
    *cpu += bench_cpu_ms() - c;
    return bench_now_ms() - a;
}

/* View changes at step k (the clock stopped) as the hand makes them, ms for the frame that
 * follows each (medians): a drag with the right button moving 7 px a frame; the wheel, a
 * click a frame, at 60% / 55% of the pane; and the frame after each settles (the button
 * released; the wheel still for longer than the window waits), when the field is drawn
 * again for the view. Then pans and zooms by the keys (a tenth of the pane; 1.25x). The CPU
 * time is the mean per frame of every thread of the process (llvmpipe's included). */
static void bench_view_change(AppWindow *w, long k)
{
    enum { N = 9 };
    Session *s = app_window_session(w);
    s->playing = false;
    session_seek(s, k);
    app_window_frame(w);
    app_window_set_unpaced(w, true); /* the frame's own time, not the window's pace */
    float ratio = app_window_pixel_ratio(w);
    UiRect plot = app_window_layout(w)->screen.plot[0];
    float x = plot.x + 0.5f * plot.w, y = plot.y + 0.5f * plot.h;
    double drag[N], wheel[N], pan[N], zoom[N], settle[2], cpu[4] = {0}, junk = 0.0;
    long pts = 0;
    for (int i = 0; i < s->panes[0].desc.n_runs; i++)
        pts += s->panes[0].runs[i].n;
    synth_motion(ratio, x, y);
    synth_button(ratio, true, SDL_BUTTON_RIGHT, x, y);
    app_window_frame(w);
    for (int i = 0; i < N; i++) {
        x += i % 2 ? -7.0f : 7.0f;
        synth_motion(ratio, x, y);
        drag[i] = bench_frame_ms(w, &cpu[0]);
    }
    synth_button(ratio, false, SDL_BUTTON_RIGHT, x, y);
    settle[0] = bench_frame_ms(w, &junk);
    synth_motion(ratio, plot.x + 0.6f * plot.w, plot.y + 0.55f * plot.h);
    app_window_frame(w);
    for (int i = 0; i < N; i++) {
        synth_wheel(i % 2 ? -1.0f : 1.0f);
        wheel[i] = bench_frame_ms(w, &cpu[1]);
    }
    SDL_Delay(400);
    settle[1] = bench_frame_ms(w, &junk);
    for (int i = 0; i < N; i++) {
        synth_key(i % 2 ? SDLK_UP : SDLK_DOWN, KMOD_NONE);
        pan[i] = bench_frame_ms(w, &cpu[2]);
    }
    for (int i = 0; i < N; i++) {
        synth_key(i % 2 ? SDLK_MINUS : SDLK_EQUALS, KMOD_NONE);
        zoom[i] = bench_frame_ms(w, &cpu[3]);
    }
    SDL_Delay(400);
    app_window_frame(w);
    app_window_set_unpaced(w, false);
    printf("view change, %6ld points: drag %5.1f ms (CPU %5.1f), wheel %5.1f ms (CPU %5.1f) "
           "(medians; target <= 16); settling %5.1f, %5.1f ms; keys: pan %5.1f "
           "(CPU %5.1f), zoom %5.1f ms (CPU %5.1f)\n",
           pts, bench_median(drag, N), cpu[0] / N, bench_median(wheel, N), cpu[1] / N,
           settle[0], settle[1], bench_median(pan, N), cpu[2] / N, bench_median(zoom, N),
           cpu[3] / N);
}

static void bench_idle(AppWindow *w)
{
    enum { N = 100 };
    Session *s = app_window_session(w);
    s->playing = false;
    app_window_frame(w);
    long f0 = app_window_frames_drawn(w);
    double c0 = bench_cpu_ms();
    for (int i = 0; i < N; i++)
        app_window_frame(w);
    printf("idle (paused, %d polls): %ld frames drawn, CPU %.3f ms per poll (the app blocks in "
           "SDL_WaitEvent between them)\n", N, app_window_frames_drawn(w) - f0,
           (bench_cpu_ms() - c0) / N);
}

static int bench_anim(int xpid, const char *mode)
{
    const char *argv[] = {"losslens", "--landscape", "rosenbrock", "--steps", "200000",
                          "--opt", "gd:lr=0.001", "--opt", "momentum:lr=0.0005",
                          "--opt", "nesterov:lr=0.0005", "--opt", "adagrad:lr=0.5",
                          "--opt", "rmsprop:lr=0.01", "--opt", "adam:lr=0.05",
                          "--opt", "newton", "--size", "1920x1080", "--speed", "400", NULL};
    AppWindow *w = bench_open((int)(sizeof argv / sizeof argv[0]) - 1, argv);
    if (!w)
        return 1;
    if (strcmp(mode, "view") == 0) {
        bench_view_change(w, 10000);
        bench_view_change(w, 100000);
        app_window_close(w);
        return 0;
    }
    if (strcmp(mode, "quick") == 0) {
        bench_phase(w, xpid, 10000, FRAMES, 1, "animating at 10,000");
        bench_view_change(w, 10000);
        app_window_close(w);
        return 0;
    }
    bench_phase(w, xpid, 0, FRAMES, REPS, "animating at start");
    bench_phase(w, xpid, 10000, FRAMES, REPS, "animating at 10,000");
    bench_phase(w, xpid, 100000, FRAMES, REPS, "animating at 100,000");
    bench_view_change(w, 10000);
    bench_view_change(w, 100000);
    bench_idle(w);
    app_window_close(w);
    return 0;
}

/* Frames while playing from step k and orbiting the camera of pane 0 by 4 px each frame
 * (every frame renders the surface's mesh again). */
static void bench_orbit(AppWindow *w, int xpid, long k)
{
    Session *s = app_window_session(w);
    double fps[REPS], ms[REPS], cpu[REPS], x[REPS];
    for (int r = 0; r < REPS; r++) {
        s->playing = false;
        session_seek(s, k);
        s->playing = true;
        app_window_frame(w);
        app_window_set_unpaced(w, true); /* fps: what the machine can do */
        double t[FRAMES];
        long f0 = app_window_frames_drawn(w);
        double c0 = bench_cpu_ms(), x0 = bench_proc_cpu_ms(xpid), t0 = bench_now_ms();
        for (int f = 0; f < FRAMES; f++) {
            session_orbit(s, 0, 4.0, f % 40 < 20 ? 1.0 : -1.0);
            double a = bench_now_ms();
            app_window_frame(w);
            t[f] = bench_now_ms() - a;
        }
        double wall = bench_now_ms() - t0;
        long frames = app_window_frames_drawn(w) - f0;
        frames = frames > 0 ? frames : 1;
        fps[r] = 1e3 * (double)frames / wall;
        ms[r] = bench_median(t, FRAMES);
        cpu[r] = (bench_cpu_ms() - c0) / (double)frames;
        x[r] = (bench_proc_cpu_ms(xpid) - x0) / (double)frames;
        app_window_set_unpaced(w, false);
    }
    /* LOSSLENS_BENCH_SHOT=file.png: one more orbiting frame (the draft) captured there. */
    const char *shot = getenv("LOSSLENS_BENCH_SHOT");
    if (shot) {
        session_orbit(s, 0, 4.0, 1.0);
        bench_capture(w, shot);
    }
    s->playing = false;
    printf("%-28s from step %6ld: %6.1f fps, %6.2f ms/frame, CPU %6.2f ms/frame"
           " (X server %5.2f)\n", "3D orbiting + animating", k, bench_median(fps, REPS),
           bench_median(ms, REPS), bench_median(cpu, REPS), bench_median(x, REPS));
}

static int bench_3d(int xpid)
{
    const char *argv[] = {"losslens", "--landscape", "rosenbrock", "--steps", "200000",
                          "--opt", "gd:lr=0.001", "--opt", "momentum:lr=0.0005",
                          "--opt", "nesterov:lr=0.0005", "--opt", "adagrad:lr=0.5",
                          "--opt", "rmsprop:lr=0.01", "--opt", "adam:lr=0.05",
                          "--opt", "newton", "--size", "1920x1080", "--speed", "400", "--3d",
                          NULL};
    AppWindow *w = bench_open((int)(sizeof argv / sizeof argv[0]) - 1, argv);
    if (!w)
        return 1;
    /* LOSSLENS_BENCH_ORBIT_ONLY set: only the orbit's phases (A/B runs in half the time). */
    if (!getenv("LOSSLENS_BENCH_ORBIT_ONLY")) {
        bench_phase(w, xpid, 0, FRAMES, REPS, "3D animating at start");
        bench_phase(w, xpid, 10000, FRAMES, REPS, "3D animating at 10,000");
    }
    bench_orbit(w, xpid, 0);
    bench_orbit(w, xpid, 10000);
    app_window_close(w);
    return 0;
}

static int bench_cloud(int xpid)
{
    enum { RUNS = 16 };
    /* 1,040 runs of 1,000 steps: within the session's memory limit (1 GiB of paths). */
    const char *argv[64] = {"losslens", "--landscape", "rosenbrock", "--steps", "1000",
                            "--noise", "2", "--size", "1920x1080", "--speed", "400"};
    int argc = 11;
    static const char *const opts[] = {"gd:lr=0.001", "momentum:lr=0.0005",
                                       "nesterov:lr=0.0005", "adagrad:lr=0.5"};
    for (int i = 0; i < RUNS; i++) {
        argv[argc++] = "--opt";
        argv[argc++] = opts[i % 4];
    }
    AppWindow *w = bench_open(argc, argv);
    if (!w)
        return 1;
    char err[256];
    if (!session_set_cloud(app_window_session(w), 64, err, sizeof err)) {
        fprintf(stderr, "bench_window: %s\n", err);
        return 1;
    }
    bench_phase(w, xpid, 0, 30, 1, "cloud 16x64 at start");
    bench_phase(w, xpid, 600, 30, 1, "cloud 16x64 at 600");
    /* LOSSLENS_BENCH_SHOT=prefix: the window paused at two steps, to compare the cloud's look
     * from one build to another. */
    const char *shot = getenv("LOSSLENS_BENCH_SHOT");
    static const long at[] = {150, 700};
    for (int k = 0; shot && k < 2; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s-%ld.png", shot, at[k]);
        app_window_session(w)->playing = false;
        session_seek(app_window_session(w), at[k]);
        bench_capture(w, path);
    }
    app_window_close(w);
    return 0;
}

/* ms from a view change (already made) until the window has nothing more to draw: frames
 * until one draws nothing (at most 400), the time at the end of the last that drew. */
static double bench_settle(AppWindow *w, double t0)
{
    double last = bench_now_ms();
    for (int f = 0; f < 400; f++) {
        long before = app_window_frames_drawn(w);
        app_window_frame(w);
        if (app_window_frames_drawn(w) == before)
            break;
        last = bench_now_ms();
    }
    return last - t0;
}

/* Median ms until the full field is on screen after each of n pans and n zooms of pane 0. */
static void bench_data_one(const char *id, double *pan_ms, double *zoom_ms)
{
    enum { N = 9 };
    const char *argv[] = {"losslens", "--landscape", id, "--size", "1920x1080", NULL};
    *pan_ms = *zoom_ms = -1.0;
    AppWindow *w = bench_open((int)(sizeof argv / sizeof argv[0]) - 1, argv);
    if (!w)
        return;
    Session *s = app_window_session(w);
    s->playing = false;
    app_window_set_unpaced(w, true); /* the frames' own time, not the window's pace */
    bench_settle(w, bench_now_ms());
    double pan[N], zoom[N];
    for (int i = 0; i < N; i++) {
        double a = bench_now_ms();
        session_pan(s, 0, i % 2 ? -40.0 : 40.0, i % 3 ? 0.0 : 25.0);
        pan[i] = bench_settle(w, a);
    }
    for (int i = 0; i < N; i++) {
        double a = bench_now_ms();
        session_zoom(s, 0, 600.0, 400.0, i % 2 ? 1.0 / 1.25 : 1.25);
        zoom[i] = bench_settle(w, a);
    }
    *pan_ms = bench_median(pan, N);
    *zoom_ms = bench_median(zoom, N);
    app_window_close(w);
}

static int bench_data(void)
{
    enum { L = 3, ROUNDS = 2 };
    static const char *const IDS[L] = {"bowl", "logistic", "tiny-net"};
    double pan[ROUNDS][L], zoom[ROUNDS][L];
    for (int r = 0; r < ROUNDS; r++) {
        for (int l = 0; l < L; l++) {
            bench_data_one(IDS[l], &pan[r][l], &zoom[r][l]);
            if (pan[r][l] < 0.0)
                return 1;
        }
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int l = 0; l < L; l++) {
            printf("round %d %-9s full field on screen after a pan %6.1f ms, a zoom %6.1f ms", r,
                   IDS[l], pan[r][l], zoom[r][l]);
            if (l > 0)
                printf("; / bowl %.2f x, %.2f x (target <= 1.3)", pan[r][l] / pan[r][0],
                       zoom[r][l] / zoom[r][0]);
            printf("\n");
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "anim";
    int xpid = bench_xserver_pid();
    printf("bench_window: 1920x1080, X server pid %d%s\n", xpid,
           xpid < 0 ? " (not found: its CPU reads 0)" : "");
    fflush(stdout);
    if (strcmp(mode, "cloud") == 0)
        return bench_cloud(xpid);
    if (strcmp(mode, "3d") == 0)
        return bench_3d(xpid);
    if (strcmp(mode, "data") == 0)
        return bench_data();
    return bench_anim(xpid, mode);
}
