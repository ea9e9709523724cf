#version 330 core
/* surface.vert - the landscape's surface in 3D (src/render/surface_gl.c): the mesh of
 * src/lecture/surface.c in box coordinates, through the orbit camera's matrix; with u_floor
 * set, the same mesh flattened onto the floor plane (the contours projected there).
 * SURFACE_FLOOR comes from surface_glsl_constants. Built a second time with SURFACE_DRAFT
 * defined for the moving camera's draft: the light (ambient + diffuse, and the specular) is
 * computed here per vertex, as surface.frag computes it per pixel, and interpolated. */
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec3 a_nrm;
layout(location = 2) in float a_t;

uniform mat4 u_mvp;
uniform float u_floor;

out vec3 v_pos;
out vec3 v_nrm;
out float v_t;
#ifdef SURFACE_DRAFT
uniform vec3 u_eye;
out float v_light;
out float v_spec;
#endif

void main()
{
    vec3 p = vec3(a_pos.xy, u_floor > 0.5 ? SURFACE_FLOOR : a_pos.z);
    v_pos = p;
    v_nrm = a_nrm;
    v_t = a_t;
    gl_Position = u_mvp * vec4(p, 1.0);
#ifdef SURFACE_DRAFT
    vec3 n = normalize(a_nrm);
    vec3 view = normalize(u_eye - p);
    if (dot(n, view) < 0.0)
        n = -n;
    vec3 l = normalize(SURFACE_LIGHT);
    vec3 h = normalize(l + view);
    v_light = SURFACE_AMBIENT + SURFACE_DIFFUSE * max(dot(n, l), 0.0);
    v_spec = SURFACE_SPECULAR * pow(max(dot(n, h), 0.0), SURFACE_SHININESS);
#endif
}
