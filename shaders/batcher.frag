#version 330 core
/* batcher.frag - texture times vertex color: glyphs (white RGB, coverage in alpha), solid shapes
 * (the atlas's white texel) and images (the field). Built with BATCHER_RAMP defined: a strip's
 * quads (batcher_ramp_quad), the vertex color with its alpha ramped by v_uv = (s, k). */
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
uniform sampler2D u_tex;

void main()
{
#ifdef BATCHER_RAMP
    o_color = vec4(v_color.rgb, v_color.a * clamp(v_uv.y - abs(v_uv.x), 0.0, 1.0));
#else
    o_color = texture(u_tex, v_uv) * v_color;
#endif
}
