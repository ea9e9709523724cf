#version 330 core
/* line.vert - anti-aliased thick segments ("capsules") for trajectories and markers, one
 * instance per segment p0 -> p1; a zero-length segment is a round dot. The quad is expanded in
 * pixel space around the projected segment. a_prev is the point before p0: the fragment shader
 * keeps this segment's halo off the previous segment's core, so joints need no notch. Locations
 * match LineAttr in src/render/traj.h. */
layout(location = 0) in vec2 a_prev;
layout(location = 1) in vec2 a_p0;
layout(location = 2) in vec2 a_p1;
layout(location = 3) in vec4 a_color;
layout(location = 4) in vec4 a_style; /* core radius px, halo width px, halo alpha, unused */

uniform mat4 u_mvp;      /* world (relative to the data's origin) -> clip */
uniform vec2 u_viewport; /* target size in pixels */
uniform vec2 u_origin;   /* window position of the viewport's corner (gl_FragCoord's frame) */

flat out vec2 v_prev;
flat out vec2 v_p0;
flat out vec2 v_p1;
flat out vec4 v_color;
flat out vec4 v_style;
flat out float v_has_prev;

vec2 to_px(vec2 w)
{
    vec4 c = u_mvp * vec4(w, 0.0, 1.0);
    return (c.xy / c.w * 0.5 + 0.5) * u_viewport;
}

/* Liang-Barsky clip of p0 -> p1 to a box well outside the target, so diverging runs (points at
 * 1e30) keep finite, precise pixel coordinates. Returns false when nothing is inside. */
bool clip_segment(inout vec2 p0, inout vec2 p1)
{
    const float M = 4096.0;
    vec2 lo = vec2(-M), hi = u_viewport + M;
    vec2 d = p1 - p0;
    float t0 = 0.0, t1 = 1.0;
    for (int i = 0; i < 2; i++) {
        if (abs(d[i]) < 1e-20) {
            if (p0[i] < lo[i] || p0[i] > hi[i])
                return false;
            continue;
        }
        float ta = (lo[i] - p0[i]) / d[i], tb = (hi[i] - p0[i]) / d[i];
        t0 = max(t0, min(ta, tb));
        t1 = min(t1, max(ta, tb));
    }
    if (t0 > t1)
        return false;
    vec2 a = p0 + d * t0, b = p0 + d * t1;
    p0 = a;
    p1 = b;
    return true;
}

void main()
{
    vec2 p0 = to_px(a_p0), p1 = to_px(a_p1), pv = to_px(a_prev);
    if (!clip_segment(p0, p1)) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0); /* outside the clip volume: culled */
        return;
    }
    pv = clamp(pv, vec2(-8192.0), u_viewport + 8192.0);
    float r = a_style.x + a_style.y + 1.0;
    vec2 d = p1 - p0;
    float len = length(d);
    vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
    vec2 nrm = vec2(-dir.y, dir.x);
    int id = gl_VertexID & 3;
    float along = (id & 1) != 0 ? len + r : -r;
    float across = (id & 2) != 0 ? r : -r;
    vec2 px = p0 + dir * along + nrm * across;
    v_prev = pv + u_origin;
    v_p0 = p0 + u_origin;
    v_p1 = p1 + u_origin;
    v_color = a_color;
    v_style = a_style;
    v_has_prev = a_prev == a_p0 ? 0.0 : 1.0;
    gl_Position = vec4(px / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
