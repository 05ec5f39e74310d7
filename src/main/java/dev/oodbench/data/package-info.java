/**
 * Stage 1, data: datasets in their official formats (MNIST IDX, CIFAR binary, SVHN .mat, image folders and archives, seeded noise), one catalog with checksums and download addresses, the download cache. Takes files; gives {@link dev.oodbench.data.ImageSet}s of pixels in [0,1].
 */
package dev.oodbench.data;
