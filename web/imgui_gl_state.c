/* ImGui's OpenGL 3 backend (third-party, kept pristine) saves about twenty pieces of GL state before
 * drawing each frame and restores them after, for programs that share the context. In WebGL every
 * such query is a getParameter call, synchronous with the GPU process: in headless Chromium they
 * took more than half of a frame's CPU time. Vastuu is the only user of its context, and nothing is
 * drawn after ImGui, so the backend is compiled with its two query functions renamed to these
 * (CMakeLists.txt, target imgui_backends): the per-frame queries answer WebGL's initial state
 * without asking, anything else goes to WebGL as before.
 * Maintenance reminder: the renames and this file go together. */
#include <GLES3/gl3.h>

void vastuu_gl_get_integerv(GLenum pname, GLint* data) {
    switch (pname) {
        case GL_ACTIVE_TEXTURE: *data = GL_TEXTURE0; return;
        case GL_CURRENT_PROGRAM:
        case GL_TEXTURE_BINDING_2D:
        case GL_SAMPLER_BINDING:
        case GL_ARRAY_BUFFER_BINDING:
        case GL_ELEMENT_ARRAY_BUFFER_BINDING:
        case GL_VERTEX_ARRAY_BINDING: *data = 0; return;
        case GL_BLEND_SRC_RGB:
        case GL_BLEND_SRC_ALPHA: *data = GL_ONE; return;
        case GL_BLEND_DST_RGB:
        case GL_BLEND_DST_ALPHA: *data = GL_ZERO; return;
        case GL_BLEND_EQUATION_RGB:
        case GL_BLEND_EQUATION_ALPHA: *data = GL_FUNC_ADD; return;
        case GL_VIEWPORT:
        case GL_SCISSOR_BOX:  /* web/main_web.cpp sets the viewport before every frame */
            data[0] = data[1] = data[2] = data[3] = 0;
            return;
        default: glGetIntegerv(pname, data);
    }
}

GLboolean vastuu_gl_is_enabled(GLenum cap) {
    switch (cap) {
        case GL_BLEND:
        case GL_CULL_FACE:
        case GL_DEPTH_TEST:
        case GL_STENCIL_TEST:
        case GL_SCISSOR_TEST: return GL_FALSE;
        default: return glIsEnabled(cap);
    }
}
