#version 330 core
/* batcher.frag - texture times vertex color: glyphs (white RGB, coverage in alpha), solid shapes
 * (the atlas's white texel) and images (the field). */
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
uniform sampler2D u_tex;

void main()
{
    o_color = texture(u_tex, v_uv) * v_color;
}
