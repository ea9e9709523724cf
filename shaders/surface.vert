#version 330 core
/* surface.vert - the landscape's surface in 3D (src/render/surface_gl.c): the mesh of
 * src/lecture/surface.c in box coordinates, through the orbit camera's matrix; with u_floor
 * set, the same mesh flattened onto the floor plane (the contours projected there).
 * SURFACE_FLOOR comes from surface_glsl_constants. */
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec3 a_nrm;
layout(location = 2) in float a_t;

uniform mat4 u_mvp;
uniform float u_floor;

out vec3 v_pos;
out vec3 v_nrm;
out float v_t;

void main()
{
    vec3 p = vec3(a_pos.xy, u_floor > 0.5 ? SURFACE_FLOOR : a_pos.z);
    v_pos = p;
    v_nrm = a_nrm;
    v_t = a_t;
    gl_Position = u_mvp * vec4(p, 1.0);
}
