export { createNotifier, type NotifierOptions } from "./notifier";
