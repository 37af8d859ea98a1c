// Attributes real browsers support that @kitajs/html's JSX types do not list yet.
declare namespace JSX {
  interface HtmlImageTag {
    sizes?: string;
  }
}
