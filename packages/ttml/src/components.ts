/**
 * Douyin's built-in components, as the component docs' sections list them
 * (developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/component/…, read 2025):
 * 基础内容, 视图容器 (view-container/mask lists the section), 表单 (component/list), 导航, 媒体
 * (media-component), 画布, 地图, 开放能力 (open-capacity), 行业开放 (industry/trading-system).
 * Unsure: the "拓展组件" (extended components) section, whose members we could not read, and
 * components that only some host apps or industries have. Add a tag here, with its doc page, when
 * a page needs one that is missing.
 */
export const DOUYIN_COMPONENTS: ReadonlySet<string> = new Set([
  // 基础内容
  "text",
  "rich-text",
  "progress",
  "icon",
  // 视图容器
  "mask",
  "view",
  "scroll-view",
  "swiper",
  "swiper-item",
  "movable-area",
  "movable-view",
  "match-media",
  // 表单
  "button",
  "checkbox",
  "checkbox-group",
  "form",
  "input",
  "label",
  "picker",
  "picker-view",
  "picker-view-column",
  "radio",
  "radio-group",
  "slider",
  "switch",
  "textarea",
  // 导航
  "navigator",
  // 媒体
  "image",
  "video",
  "live-player",
  "live-preview",
  "camera",
  "rtc-room",
  // 画布
  "canvas",
  // 地图
  "map",
  // 开放能力
  "web-view",
  "ad",
  "draw-ad",
  "open-data",
  "aweme-data",
  "aweme-user-card",
  // 行业开放 (交易系统)
  "pay-button",
  "consume-card",
  "payment-channel-select",
]);

/** TTML's own tags: not components, but part of the language. */
export const TTML_TAGS: ReadonlySet<string> = new Set([
  "block",
  "template",
  "import",
  "include",
  "slot",
]);

/** Components with a `disabled` property: disabled, they take no tap and no input. */
export const DISABLEABLE: ReadonlySet<string> = new Set([
  "button",
  "checkbox",
  "input",
  "picker",
  "radio",
  "slider",
  "switch",
  "textarea",
  "movable-view",
]);

/** Boolean properties where the string "false" is a classic mistake (it is a true value). */
export const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  "hidden",
  "disabled",
  "loading",
  "checked",
  "plain",
  "selectable",
]);

/**
 * Markers the build resolves before the template reaches dist/ (`emulator-only` and `real-only`
 * keep or drop an element by build mode). Accepted when checking source templates.
 */
export const BUILD_MARKERS: ReadonlySet<string> = new Set(["emulator-only", "real-only"]);

/** Events that bubble to the ancestors' handlers (the others reach their own element only). */
export const BUBBLING_EVENTS: ReadonlySet<string> = new Set([
  "tap",
  "longpress",
  "longtap",
  "touchstart",
  "touchmove",
  "touchend",
  "touchcancel",
]);
