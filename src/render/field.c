/* field.c - per-landscape field programs, dataset textures for the data landscapes, and the
 * render-to-texture pass of the contour plot. A closed-form landscape's loss() is GLSL emitted
 * from its compiled expression (ls->program; a typed function's parameters are the uniform
 * array u_param); a data landscape's is in shaders/field.frag, selected by a #define.
 */
#include "render/field.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/glplat.h"
#include "render/shader.h"

/* The data landscapes' loss() in field.frag; closed forms bring their own (NULL here). */
static const char *const FIELD_DATA_DEFINES[LANDSCAPE_COUNT] = {
    [LANDSCAPE_LOGISTIC] = "LANDSCAPE_LOGISTIC",
    [LANDSCAPE_TINY_NET] = "LANDSCAPE_TINY_NET",
};
static_assert(sizeof FIELD_DATA_DEFINES / sizeof FIELD_DATA_DEFINES[0] == LANDSCAPE_COUNT,
              "one entry per landscape");

static const char *const FIELD_UNIFORM_NAMES[FIELD_U_COUNT] = {
    [FIELD_U_BOUNDS] = "u_bounds",   [FIELD_U_C] = "u_c",
    [FIELD_U_SRANGE] = "u_srange",   [FIELD_U_LEVELS] = "u_levels",
    [FIELD_U_LINE_PX] = "u_line_px", [FIELD_U_LINE_ALPHA] = "u_line_alpha",
    [FIELD_U_DATA] = "u_data",       [FIELD_U_N] = "u_n",
    [FIELD_U_PARAM] = "u_param",     [FIELD_U_FLIP_ROWS] = "u_flip_rows",
};

bool field_init(FieldRenderer *fr, const char *data_dir, char *err, size_t errlen)
{
    memset(fr, 0, sizeof *fr);
    if (strlen(data_dir) >= sizeof fr->data_dir) {
        snprintf(err, errlen, "data directory path too long");
        return false;
    }
    strcpy(fr->data_dir, data_dir);
    glGenVertexArrays(1, &fr->vao);
    return true;
}

void field_free(FieldRenderer *fr)
{
    for (int i = 0; i <= LANDSCAPE_COUNT; i++) {
        if (fr->program[i])
            glDeleteProgram(fr->program[i]);
        if (i < LANDSCAPE_COUNT && fr->data_tex[i])
            glDeleteTextures(1, &fr->data_tex[i]);
    }
    free(fr->typed_glsl);
    if (fr->vao)
        glDeleteVertexArrays(1, &fr->vao);
    memset(fr, 0, sizeof *fr);
}

/* The dataset as one RGBA32F texel per point: (x1, x2, y, 0) or, in 1-D, (x, 0, y, 0). */
static GLuint field_upload_data(const Dataset *d)
{
    float *px = calloc((size_t)d->n, 4 * sizeof(float));
    if (!px)
        return 0;
    for (int i = 0; i < d->n; i++) {
        px[4 * i] = (float)d->x[(size_t)i * (size_t)d->dim];
        px[4 * i + 1] = d->dim > 1 ? (float)d->x[(size_t)i * (size_t)d->dim + 1] : 0.0f;
        px[4 * i + 2] = (float)d->y[i];
    }
    GLuint tex;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, d->n, 1, 0, GL_RGBA, GL_FLOAT, px);
    free(px);
    return tex;
}

/* The text put between #version and field.frag's body: the landscape's loss() (generated
 * from its expression) or the #define that selects a data landscape's, then the colormap
 * constants. malloc'd; NULL when out of memory. */
static char *field_prelude(const Landscape *ls)
{
    enum { COLORMAP_ROOM = 4096 };
    size_t glsl = ls->program ? expr_emit_glsl(ls->program, "loss", NULL, 0) : 0;
    size_t cap = glsl + COLORMAP_ROOM + 64;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    int k;
    if (ls->program) {
        /* built-ins have no parameters; a typed function's are uniforms */
        assert(ls->program->n_params == 0 || ls->lid == LANDSCAPE_TYPED);
        k = snprintf(s, cap, "#define LANDSCAPE_EXPR 1\n");
        expr_emit_glsl(ls->program, "loss", s + k, cap - (size_t)k);
        k += (int)glsl;
    } else {
        assert(FIELD_DATA_DEFINES[ls->lid]);
        k = snprintf(s, cap, "#define %s 1\n", FIELD_DATA_DEFINES[ls->lid]);
    }
    colormap_glsl_constants(s + k, cap - (size_t)k);
    return s;
}

/* Whether the typed slot's program is ls's: the same generated GLSL (a few microseconds
 * per render, against a shader build of tens of milliseconds). */
static bool field_typed_current(const FieldRenderer *fr, const Landscape *ls)
{
    if (!fr->program[LANDSCAPE_TYPED] || !fr->typed_glsl)
        return false;
    char stack[4096];
    size_t n = expr_emit_glsl(ls->program, "loss", NULL, 0);
    char *text = n < sizeof stack ? stack : malloc(n + 1);
    if (!text)
        return false;
    expr_emit_glsl(ls->program, "loss", text, n + 1);
    bool same = strcmp(text, fr->typed_glsl) == 0;
    if (text != stack)
        free(text);
    return same;
}

bool field_prepare(FieldRenderer *fr, const Landscape *ls, char *err, size_t errlen)
{
    int id = (int)ls->lid;
    assert(id >= 0 && id <= LANDSCAPE_TYPED);
    if (id == LANDSCAPE_TYPED && !field_typed_current(fr, ls)) {
        if (fr->program[id])
            glDeleteProgram(fr->program[id]);
        fr->program[id] = 0;
        free(fr->typed_glsl);
        fr->typed_glsl = NULL;
    }
    if (!fr->program[id]) {
        char *prelude = field_prelude(ls);
        if (!prelude) {
            snprintf(err, errlen, "out of memory building the %s field shader", ls->id);
            return false;
        }
        bool ok = shader_build(fr->data_dir, "field.vert", "field.frag", prelude,
                               FIELD_UNIFORM_NAMES, FIELD_U_COUNT, fr->u[id], &fr->program[id],
                               err, errlen);
        free(prelude);
        if (!ok)
            return false;
        if (id == LANDSCAPE_TYPED) {
            size_t n = expr_emit_glsl(ls->program, "loss", NULL, 0);
            fr->typed_glsl = malloc(n + 1);
            if (fr->typed_glsl)
                expr_emit_glsl(ls->program, "loss", fr->typed_glsl, n + 1);
        }
    }
    if (ls->data && !fr->data_tex[id]) {
        fr->data_tex[id] = field_upload_data(ls->data);
        fr->data_n[id] = ls->data->n;
        if (!fr->data_tex[id]) {
            snprintf(err, errlen, "out of memory uploading the %s dataset", ls->id);
            return false;
        }
    }
    return true;
}

int field_low_res_div(const Landscape *ls)
{
    if (!ls->data)
        return 1;
    int div = (int)ceil(sqrt(ls->data->n / 8.0));
    return div < 2 ? 2 : div > 8 ? 8 : div;
}

bool render_target_resize(RenderTarget *t, int w, int h)
{
    w = w < 1 ? 1 : w;
    h = h < 1 ? 1 : h;
    if (t->fbo && w == t->w && h == t->h)
        return true;
    if (!t->fbo) {
        glGenFramebuffers(1, &t->fbo);
        glGenTextures(1, &t->tex);
    }
    glBindTexture(GL_TEXTURE_2D, t->tex);
    if (t->top_down)
        glplat_color_target_image(w, h);
    else
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t->tex, 0);
    bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    t->w = w;
    t->h = h;
    return ok;
}

void render_target_free(RenderTarget *t)
{
    if (t->fbo)
        glDeleteFramebuffers(1, &t->fbo);
    if (t->tex)
        glDeleteTextures(1, &t->tex);
    *t = (RenderTarget){.top_down = t->top_down}; /* the owner's */
}

/* The GL rows [*r0, *r1) of pixel rows [y, y + h) (from the top) of a target h_all high. */
static void render_target_rows(bool top_down, int h_all, int y, int h, int *r0, int *r1)
{
    *r0 = top_down ? y : h_all - y - h;
    *r1 = *r0 + h;
}

void render_target_copy(const RenderTarget *src, int sx, int sy, int w, int h, GLuint dst_fbo,
                        int dst_h, bool dst_top_down, int dx, int dy)
{
    int s0, s1, d0, d1;
    render_target_rows(src->top_down, src->h, sy, h, &s0, &s1);
    render_target_rows(dst_top_down, dst_h, dy, h, &d0, &d1);
    if (src->top_down != dst_top_down) {
        int t = s0;
        s0 = s1;
        s1 = t;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, src->fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, dst_fbo);
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(sx, s0, sx + w, s1, dx, d0, dx + w, d1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, dst_fbo);
}

bool field_render(FieldRenderer *fr, const RenderTarget *t, const Landscape *ls,
                  const ViewBox *box, const FieldScale *fs, int row0, int rows, char *err,
                  size_t errlen)
{
    const int rect[4] = {0, 0, t->w, t->h}, scissor[4] = {0, row0, t->w, rows};
    bool ok = field_render_rect(fr, t->fbo, rect, scissor, t->top_down, ls, box, fs, err,
                                errlen);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return ok;
}

bool field_render_rect(FieldRenderer *fr, GLuint fbo, const int rect[4], const int scissor[4],
                       bool top_down, const Landscape *ls, const ViewBox *box,
                       const FieldScale *fs, char *err, size_t errlen)
{
    if (!field_prepare(fr, ls, err, errlen))
        return false;
    int id = (int)ls->lid;
    const GLint *u = fr->u[id];
    ViewBox b = *box;
    if (top_down) {
        /* The world's top at GL row rect[1] (the quad's bottom edge). */
        b.ymin = box->ymax;
        b.ymax = box->ymin;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(rect[0], rect[1], rect[2], rect[3]);
    glDisable(GL_BLEND);
    glEnable(GL_SCISSOR_TEST);
    glScissor(scissor[0], scissor[1], scissor[2], scissor[3]);
    glUseProgram(fr->program[id]);
    glUniform4f(u[FIELD_U_BOUNDS], (float)b.xmin, (float)b.xmax, (float)b.ymin, (float)b.ymax);
    glUniform1f(u[FIELD_U_C], fs->c);
    glUniform2f(u[FIELD_U_SRANGE], fs->s_lo, fs->s_hi);
    glUniform1f(u[FIELD_U_LEVELS], (float)fs->levels);
    glUniform1f(u[FIELD_U_LINE_PX], fs->line_px);
    glUniform1f(u[FIELD_U_LINE_ALPHA], fs->line_alpha);
    glUniform1i(u[FIELD_U_FLIP_ROWS], top_down ? rect[1] + rect[3] : 0);
    if (ls->program && ls->program->n_params > 0) {
        float pv[EXPR_MAX_PARAMS];
        for (int i = 0; i < ls->program->n_params; i++)
            pv[i] = (float)ls->params[i];
        glUniform1fv(u[FIELD_U_PARAM], ls->program->n_params, pv);
    }
    if (ls->data) {
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, fr->data_tex[id]);
        glUniform1i(u[FIELD_U_DATA], 0);
        glUniform1i(u[FIELD_U_N], fr->data_n[id]);
    }
    glBindVertexArray(fr->vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glDisable(GL_SCISSOR_TEST);
    return true;
}
