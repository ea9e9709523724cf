#version 330 core
/* line.frag - coverage of a capsule (core, plus a darker halo around it for contrast on every
 * band of the colormap) from the pixel's distance to the segment; 1-px linear edges. */
flat in vec2 v_prev;
flat in vec2 v_p0;
flat in vec2 v_p1;
flat in vec4 v_color;
flat in vec4 v_style;
flat in float v_has_prev;
out vec4 o_color;

uniform vec3 u_halo_color;

float seg_dist(vec2 p, vec2 a, vec2 b)
{
    vec2 ab = b - a;
    float l2 = dot(ab, ab);
    float h = l2 > 1e-8 ? clamp(dot(p - a, ab) / l2, 0.0, 1.0) : 0.0;
    return length(p - a - ab * h);
}

void main()
{
    vec2 p = gl_FragCoord.xy;
    float rc = v_style.x, hw = v_style.y;
    float d = seg_dist(p, v_p0, v_p1);
    float core = clamp(rc + 0.5 - d, 0.0, 1.0) * v_color.a;
    float halo = clamp(rc + hw + 0.5 - d, 0.0, 1.0) * v_style.z;
    /* (The trajectories' passes have no halo of their own: no second distance for them.) */
    if (v_has_prev > 0.5 && halo > 0.0)
        halo *= 1.0 - clamp(rc + 0.5 - seg_dist(p, v_prev, v_p0), 0.0, 1.0);
    float a = core + halo * (1.0 - core);
    if (a <= 0.0)
        discard;
    vec3 rgb = (v_color.rgb * core + u_halo_color * halo * (1.0 - core)) / a;
    o_color = vec4(rgb, a);
}
