import type { ReactFlowInstance } from "@xyflow/react";
import type { FlowEdge, FlowNode } from "./store/types";

/**
 * After the config panel opened (it narrows the canvas), pans just enough to keep
 * the clicked step visible. Waits two frames so the new layout is measured.
 */
export function panIntoView(rf: ReactFlowInstance<FlowNode, FlowEdge>, nodeId: string, margin = 56): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
      const pane = document.querySelector("[data-testid=canvas]");
      if (!el || !pane) return;
      const n = el.getBoundingClientRect();
      const p = pane.getBoundingClientRect();
      let dx = 0;
      let dy = 0;
      if (n.right > p.right - margin) dx = n.right - (p.right - margin);
      else if (n.left < p.left + margin) dx = n.left - (p.left + margin);
      if (n.bottom > p.bottom - margin) dy = n.bottom - (p.bottom - margin);
      else if (n.top < p.top + margin) dy = n.top - (p.top + margin);
      if (!dx && !dy) return;
      const vp = rf.getViewport();
      void rf.setViewport({ x: vp.x - dx, y: vp.y - dy, zoom: vp.zoom }, { duration: 250 });
    }),
  );
}
