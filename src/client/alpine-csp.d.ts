// The slice of Alpine's API the browser bundle uses (@alpinejs/csp ships no types).
declare module "@alpinejs/csp" {
  const Alpine: {
    data<T extends object>(name: string, factory: () => T & ThisType<T>): void;
    start(): void;
  };
  export default Alpine;
}
