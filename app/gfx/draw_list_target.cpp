#include "app/gfx/draw_list_target.h"

#include <backends/imgui_impl_opengl3.h>

namespace app::gfx {

ImDrawList* DrawListTarget::begin(int width, int height) {
  if (!target_.resize(width, height)) return nullptr;
  if (!list_) list_ = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
  // What ImGui does to each window's list at a new frame: the font atlas bound (lines and
  // text sample it), one clip rectangle over the whole picture.
  const ImDrawListFlags flags = ImGui::GetWindowDrawList()->Flags;
  list_->_ResetForNewFrame();
  list_->Flags = flags;
  list_->PushTextureID(ImGui::GetIO().Fonts->TexID);
  list_->PushClipRect(ImVec2(0, 0), ImVec2(float(width), float(height)));
  return list_.get();
}

void DrawListTarget::end() {
  if (!list_ || !target_.valid()) return;
  ImDrawList* lists[] = {list_.get()};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.TotalVtxCount = list_->VtxBuffer.Size;
  data.TotalIdxCount = list_->IdxBuffer.Size;
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(float(target_.width()), float(target_.height()));
  data.FramebufferScale = ImVec2(1, 1);
  // ImGui's renderer sets the viewport to DisplaySize and restores the GL state it changed;
  // the framebuffer bound is ours. Its blending leaves premultiplied colour in the texture.
  target_.begin();
  ImGui_ImplOpenGL3_RenderDrawData(&data);
  RenderTarget::end();
}

}  // namespace app::gfx
