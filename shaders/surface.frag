#version 330 core
/* surface.frag - one point of the surface: the colormap band and contour line of its scaled
 * value t (src/lecture/colormap.c colormap_shade_t, as shaders/field.frag does it), lit as
 * src/lecture/surface.c surface_shade lights it (ambient, diffuse, a little specular; the
 * underside lit as its own face); on the floor, dimmed and unlit. The VIRIDIS_COEF,
 * LINE_FADE_* and SURFACE_* constants are injected from those files. With SURFACE_DRAFT
 * defined (the moving camera's draft) the light comes per vertex from surface.vert. */
in vec3 v_pos;
in vec3 v_nrm;
in float v_t;
#ifdef SURFACE_DRAFT
in float v_light;
in float v_spec;
#endif

out vec4 o_color;

uniform vec3 u_eye;
uniform float u_floor;
uniform float u_levels;
uniform float u_line_px;
uniform float u_line_alpha;

vec3 viridis(float t)
{
    t = clamp(t, 0.0, 1.0);
    vec3 v = VIRIDIS_COEF[6];
    for (int k = 5; k >= 0; k--)
        v = VIRIDIS_COEF[k] + t * v;
    return clamp(v, 0.0, 1.0);
}

vec3 shade_t(float t, float fw)
{
    float n = u_levels;
    float band = floor(clamp(t, 0.0, 1.0) * n);
    band = band > n - 1.0 ? n - 1.0 : band;
    vec3 fill = viridis((band + 0.5) / n);
    fw = max(fw, 1e-8);
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
    return fill + (line - fill) * a;
}

void main()
{
    vec3 base = shade_t(v_t, fwidth(v_t));
    if (u_floor > 0.5) {
        o_color = vec4(base * SURFACE_FLOOR_DIM, 1.0);
        return;
    }
#ifdef SURFACE_DRAFT
    o_color = vec4(clamp(base * v_light + v_spec, 0.0, 1.0), 1.0);
#else
    vec3 n = normalize(v_nrm);
    vec3 view = normalize(u_eye - v_pos);
    if (dot(n, view) < 0.0)
        n = -n;
    vec3 l = normalize(SURFACE_LIGHT);
    vec3 h = normalize(l + view);
    float diff = max(dot(n, l), 0.0);
    float spec = SURFACE_SPECULAR * pow(max(dot(n, h), 0.0), SURFACE_SHININESS);
    o_color = vec4(clamp(base * (SURFACE_AMBIENT + SURFACE_DIFFUSE * diff) + spec, 0.0, 1.0),
                   1.0);
#endif
}
