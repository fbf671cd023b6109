/** Registers a custom element under its `static tagName`, unless that tag is already taken. */
export interface DefinableElement extends CustomElementConstructor {
  readonly tagName: string;
}

export function defineElement(element: DefinableElement): void {
  if (!customElements.get(element.tagName)) customElements.define(element.tagName, element);
}
