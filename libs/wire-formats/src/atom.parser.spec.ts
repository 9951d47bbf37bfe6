import { normalize } from './normalize';

describe('Atom', () => {
  it('reads Atom 0.3 content typed text/html with mode="escaped" as markup', () => {
    const feed =
      '<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Blog</title>' +
      '<entry><title>Cold morning</title><id>tag:blog.example.org,2006:1</id>' +
      '<content type="text/html" mode="escaped">&lt;p&gt;Ice on the roads.&lt;/p&gt;&lt;p&gt;Ride slowly.&lt;/p&gt;</content>' +
      '</entry></feed>';
    const [entry] = normalize(Buffer.from(feed, 'utf8'));
    expect(entry.body).toEqual(['Ice on the roads.', 'Ride slowly.']);
  });
});
