#version 330 core
/* batcher.frag - texture times vertex color: glyphs (white RGB, coverage in alpha), solid shapes
 * (the atlas's white texel) and images (the field). Built with BATCHER_RAMP defined: a strip's
 * quads (batcher_ramp_quad), the vertex color with its alpha ramped by v_uv = (s, k). With
 * BATCHER_IMAGE: a view's image (batcher_view_image), the same product with the texture read
 * by textureLod at level 0, its only level: the same texels, but llvmpipe's linear rasterizer,
 * which reads zeros from a B8G8R8A8 texture drawn into before, does not take it. */
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
uniform sampler2D u_tex;

void main()
{
#if defined(BATCHER_RAMP)
    o_color = vec4(v_color.rgb, v_color.a * clamp(v_uv.y - abs(v_uv.x), 0.0, 1.0));
#elif defined(BATCHER_IMAGE)
    o_color = textureLod(u_tex, v_uv, 0.0) * v_color;
#else
    o_color = texture(u_tex, v_uv) * v_color;
#endif
}
