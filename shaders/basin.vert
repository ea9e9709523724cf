#version 330 core
/* basin.vert - one quad over the basin map's target; the fragment shader finds its start
 * from gl_FragCoord. No vertex buffer: corners from gl_VertexID (a 4-vertex triangle strip). */
void main()
{
    vec2 c = vec2((gl_VertexID & 1) != 0 ? 1.0 : 0.0, (gl_VertexID & 2) != 0 ? 1.0 : 0.0);
    gl_Position = vec4(c * 2.0 - 1.0, 0.0, 1.0);
}
