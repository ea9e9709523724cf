#version 330 core
/* field.vert - one quad over the field's target rectangle; carries world coordinates so the
 * fragment shader evaluates f at each pixel centre. No vertex buffer: corners from gl_VertexID
 * (a 4-vertex triangle strip). */
uniform vec4 u_bounds; /* world xmin, xmax, ymin, ymax of the target */
out vec2 v_world;

void main()
{
    vec2 c = vec2((gl_VertexID & 1) != 0 ? 1.0 : 0.0, (gl_VertexID & 2) != 0 ? 1.0 : 0.0);
    v_world = vec2(mix(u_bounds.x, u_bounds.y, c.x), mix(u_bounds.z, u_bounds.w, c.y));
    gl_Position = vec4(c * 2.0 - 1.0, 0.0, 1.0);
}
