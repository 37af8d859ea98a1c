// Open Graph and Twitter card tags: the preview a chat app or social site shows for a shared link. The image is
// always a web-size image anyone may fetch (never a full-resolution file, never a private render's).
import { absoluteUrl } from "./site-origin";

export interface SocialCard {
  title: string;
  description: string;
  /** The page's path (og:url is its absolute address). */
  path: string;
  image: { path: string; width: number | null; height: number | null; alt: string } | null;
}

export function SocialCardTags({ card }: { card: SocialCard }): JSX.Element {
  const { image } = card;
  return (
    <>
      <meta property="og:site_name" content="AI Gallery" />
      <meta property="og:type" content="website" />
      <meta property="og:title" content={card.title} />
      <meta property="og:description" content={card.description} />
      <meta property="og:url" content={absoluteUrl(card.path)} />
      <meta name="twitter:card" content={image ? "summary_large_image" : "summary"} />
      <meta name="twitter:title" content={card.title} />
      <meta name="twitter:description" content={card.description} />
      {image ? (
        <>
          <meta property="og:image" content={absoluteUrl(image.path)} />
          <meta property="og:image:type" content="image/webp" />
          {image.width && image.height ? <meta property="og:image:width" content={String(image.width)} /> : ""}
          {image.width && image.height ? <meta property="og:image:height" content={String(image.height)} /> : ""}
          <meta property="og:image:alt" content={image.alt} />
          <meta name="twitter:image" content={absoluteUrl(image.path)} />
          <meta name="twitter:image:alt" content={image.alt} />
        </>
      ) : (
        ""
      )}
    </>
  );
}
