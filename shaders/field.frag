#version 330 core
/* field.frag - the filled contour plot: the loss f(x, y) of one landscape on a symmetric-log
 * scale, in viridis bands with anti-aliased contour lines. Mirrors src/lecture/colormap.c
 * (colormap_shade) step by step; the VIRIDIS_COEF and LINE_FADE_* constants are injected from
 * that file. loss() comes before this text: a closed-form landscape's is generated from its
 * expression (src/render/field.c, LANDSCAPE_EXPR defined); a data landscape's is below,
 * selected by its LANDSCAPE_* define. A typed function's parameters are the uniform array
 * u_param, declared by its generated text. Where f is undefined the pixel is hatched grey. */
in vec2 v_world;
out vec4 o_color;

uniform float u_c;          /* symlog linear threshold */
uniform vec2 u_srange;      /* s_lo, s_hi */
uniform float u_levels;     /* number of bands */
uniform float u_line_px;    /* contour line width in pixels */
uniform float u_line_alpha;
uniform sampler2D u_data;   /* data landscapes: one texel per point (x1, x2, y, 0) */
uniform int u_n;            /* number of data points */
uniform int u_flip_rows;    /* > 0: the target keeps its rows top down, this many of them */

float safe_tanh(float a)
{
    float e = exp(-2.0 * abs(a));
    float t = (1.0 - e) / (1.0 + e);
    return a < 0.0 ? -t : t;
}

#if defined(LANDSCAPE_LOGISTIC)
float loss(vec2 p)
{
    float x = p.x, y = p.y;
    /* mean of softplus(z) - y z, z = theta . x_i; softplus without overflow */
    float sum = 0.0;
    for (int i = 0; i < u_n; i++) {
        vec4 d = texelFetch(u_data, ivec2(i, 0), 0);
        float z = x * d.x + y * d.y;
        sum += max(z, 0.0) + log(1.0 + exp(-abs(z))) - d.z * z;
    }
    return sum / float(u_n);
}
#elif defined(LANDSCAPE_TINY_NET)
float loss(vec2 p)
{
    float x = p.x, y = p.y;
    /* mean of (w2 tanh(w1 x_i) - y_i)^2 with (w1, w2) = (x, y) */
    float sum = 0.0;
    for (int i = 0; i < u_n; i++) {
        vec4 d = texelFetch(u_data, ivec2(i, 0), 0);
        float r = y * safe_tanh(x * d.x) - d.z;
        sum += r * r;
    }
    return sum / float(u_n);
}
#elif !defined(LANDSCAPE_EXPR)
#error "field.frag needs a generated loss() (LANDSCAPE_EXPR) or a data LANDSCAPE_* define"
#endif

vec3 viridis(float t)
{
    t = clamp(t, 0.0, 1.0);
    vec3 v = VIRIDIS_COEF[6];
    for (int k = 5; k >= 0; k--)
        v = VIRIDIS_COEF[k] + t * v;
    return clamp(v, 0.0, 1.0);
}

float symlog(float f, float c)
{
    float s = log(1.0 + abs(f) / c);
    return f < 0.0 ? -s : s;
}

void main()
{
    float f = loss(v_world);
    /* Where f is undefined (NaN, or beyond float range): hatched grey, colormap.h's
     * colormap_hatch. isinf/isnan on the value itself: no fast-math assumptions apply to
     * them in GLSL 3.30. */
    if (isnan(f) || isinf(f)) {
        ivec2 p = ivec2(gl_FragCoord.xy);
        int y = u_flip_rows > 0 ? u_flip_rows - 1 - p.y : p.y; /* from the bottom */
        float g = ((p.x + y) / HATCH_PX) % 2 != 0 ? HATCH_DARK : HATCH_LIGHT;
        o_color = vec4(g, g, g, 1.0);
        return;
    }
    float n = u_levels;
    float t = (symlog(f, u_c) - u_srange.x) / (u_srange.y - u_srange.x);
    float band = floor(clamp(t, 0.0, 1.0) * n);
    band = band > n - 1.0 ? n - 1.0 : band;
    vec3 fill = viridis((band + 0.5) / n);

    float fw = max(fwidth(t), 1e-8);
    float u = t * n;
    float k = floor(u + 0.5);
    float dpx = abs(u - k) / (n * fw);
    float cov = clamp(0.5 * u_line_px + 0.5 - dpx, 0.0, 1.0);
    float fade = clamp((1.0 / (n * fw) - LINE_FADE_PX) / LINE_FADE_RANGE_PX, 0.0, 1.0);
    if (k < 1.0 || k > n - 1.0)
        cov = 0.0;
    float a = u_line_alpha * cov * fade;

    vec3 lc = viridis(k / n);
    float lum = 0.2126 * lc.r + 0.7152 * lc.g + 0.0722 * lc.b;
    vec3 line = lc + ((lum < 0.45 ? vec3(1.0) : vec3(0.0)) - lc) * 0.6;
    o_color = vec4(fill + (line - fill) * a, 1.0);
}
